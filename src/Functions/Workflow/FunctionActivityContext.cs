using Microsoft.DurableTask;

namespace CloudFreq.Functions.Workflow;

/// <summary>The activity context a trigger hands to a workflow activity: its name and the calling orchestration.</summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
