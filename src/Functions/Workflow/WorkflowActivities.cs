using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Functions.Workflow;

/// <summary>The workflow's activities over the process's <see cref="WorkflowServices"/> (they hold no per-call state).</summary>
public sealed class WorkflowActivities(WorkflowServices services)
{
    public PrepareRunActivity PrepareRun { get; } = new(services);

    public ComputeItemActivity ComputeItem { get; } = new(services);

    public SummarizeRunActivity SummarizeRun { get; } = new(services);
}
