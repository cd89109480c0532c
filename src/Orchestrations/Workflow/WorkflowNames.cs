namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// The names both hosts register the workflow under (the Functions app's triggers and
/// <c>cloudfreq serve</c>'s task hub worker), the cancel event and the instance ids.
/// </summary>
public static class WorkflowNames
{
    public const string RunOrchestrator = nameof(Workflow.RunOrchestrator);
    public const string GroupOrchestrator = nameof(Workflow.GroupOrchestrator);
    public const string PrepareRun = "PrepareRun";
    public const string ComputeItem = "ComputeItem";
    public const string SummarizeRun = "SummarizeRun";

    /// <summary>The external event that cancels a run: raised on the run, forwarded to its groups.</summary>
    public const string CancelEvent = "cancel";

    /// <summary>Separates a run id from its group number in a group's instance id (run ids never hold it).</summary>
    public const char GroupSeparator = ':';

    public static IReadOnlyList<string> Orchestrators { get; } = [RunOrchestrator, GroupOrchestrator];

    public static IReadOnlyList<string> Activities { get; } = [PrepareRun, ComputeItem, SummarizeRun];

    /// <summary>The instance id of a run's group: <c>{run}:{group}</c> (DESIGN.md section 3).</summary>
    public static string GroupInstanceId(string runId, int group) =>
        runId + GroupSeparator + group.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsGroupInstance(string instanceId) => instanceId.Contains(GroupSeparator, StringComparison.Ordinal);
}
