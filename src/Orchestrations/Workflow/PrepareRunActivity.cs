using CloudFreq.Core;
using CloudFreq.Orchestrations.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// Reads the run's spec blob, stages its inputs, prepares and plans it with the shared preparer and
/// planner, writes the plan blob (create-if-absent) and returns the plan's shape: its fingerprint,
/// item count and (dataset, model) groups. Unusable inputs (<see cref="CloudFreqException"/>) are a
/// permanent error returned in the outline, never thrown, so the retry policy only sees transient ones.
/// </summary>
public sealed partial class PrepareRunActivity(WorkflowServices services) : TaskActivity<string, RunOutline>
{
    private readonly ILogger _logger = services.Loggers.CreateLogger<PrepareRunActivity>();

    public override async Task<RunOutline> RunAsync(TaskActivityContext context, string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var cancellationToken = services.Stopping;
        try
        {
            using var lease = await services.LeaseAsync(runId, cancellationToken).ConfigureAwait(false);
            var prepared = lease.Run;
            var groups = GroupsOf(prepared.Items);
            var fingerprint = prepared.Run.Fingerprint;
            var plan = new StoredRunPlan(runId, fingerprint, [.. prepared.Items.Select(i => i.Id)], groups);
            if (!await services.Blobs.TryCreatePlanAsync(plan, cancellationToken).ConfigureAwait(false))
            {
                var stored = await services.Blobs.ReadPlanAsync(runId, cancellationToken).ConfigureAwait(false);
                if (stored is not null && stored.Fingerprint != fingerprint)
                {
                    return Failed(runId, "the run's datasets or models changed while it was being planned; start a new run.");
                }
            }

            LogPlanned(_logger, runId, prepared.Items.Count, groups.Count);
            return new RunOutline(fingerprint, prepared.Items.Count, groups);
        }
        catch (CloudFreqException ex)
        {
            return Failed(runId, ex.Message);
        }
    }

    /// <summary>Consecutive items of one (dataset, model): the planner keeps them adjacent.</summary>
    public static IReadOnlyList<RunGroup> GroupsOf(IReadOnlyList<WorkItem> items)
    {
        var groups = new List<RunGroup>();
        var first = 0;
        for (var i = 1; i <= items.Count; i++)
        {
            if (i == items.Count || items[i].DatasetIndex != items[first].DatasetIndex || items[i].ModelIndex != items[first].ModelIndex)
            {
                if (i > first)
                {
                    groups.Add(new RunGroup(groups.Count, $"d{items[first].DatasetIndex}.m{items[first].ModelIndex}", first, i - first));
                }

                first = i;
            }
        }

        return groups;
    }

    private RunOutline Failed(string runId, string error)
    {
        LogRefused(_logger, runId, error);
        return new RunOutline(string.Empty, 0, [], error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: planned {Items} items in {Groups} groups.")]
    private static partial void LogPlanned(ILogger logger, string runId, int items, int groups);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: cannot be planned: {Error}")]
    private static partial void LogRefused(ILogger logger, string runId, string error);
}
