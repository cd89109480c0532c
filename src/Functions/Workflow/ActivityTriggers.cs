using CloudFreq.Orchestrations.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace CloudFreq.Functions.Workflow;

/// <summary>
/// The activity triggers: one line each into the workflow's activities (<see cref="WorkflowActivities"/>), the
/// classes <c>cloudfreq serve</c> registers, over the same <see cref="WorkflowServices"/>.
/// </summary>
public sealed class ActivityTriggers(WorkflowActivities activities)
{
    [Function(WorkflowNames.PrepareRun)]
    public Task<RunOutline> PrepareRunAsync([ActivityTrigger] string runId, string instanceId) =>
        activities.PrepareRun.RunAsync(new FunctionActivityContext(WorkflowNames.PrepareRun, instanceId), runId);

    [Function(WorkflowNames.ComputeItem)]
    public Task<ItemOutcome> ComputeItemAsync([ActivityTrigger] ItemInput input, string instanceId) =>
        activities.ComputeItem.RunAsync(new FunctionActivityContext(WorkflowNames.ComputeItem, instanceId), input);

    [Function(WorkflowNames.SummarizeRun)]
    public Task<RunSummaryCounts> SummarizeRunAsync([ActivityTrigger] SummarizeInput input, string instanceId) =>
        activities.SummarizeRun.RunAsync(new FunctionActivityContext(WorkflowNames.SummarizeRun, instanceId), input);
}
