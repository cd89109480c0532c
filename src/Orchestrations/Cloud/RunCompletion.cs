using CloudFreq.Orchestrations.Ports;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// The run's counters and its fan-in transition. Counts change only through the run record's ETag,
/// and the replace that moves the run Running -> Summarizing (Done + Failed reached Total) is the
/// one whose caller enqueues the summary: exactly one summary message per run, however many
/// workers finish items at once (a lost one is re-sent by the sweep).
/// </summary>
public sealed class RunCompletion(CloudPorts ports, TimeProvider clock, ILogger logger)
{
    /// <summary>Adds item outcomes to the counts (deltas may be negative: a failed item that later got its result).</summary>
    public Task<Updated<RunState>> AddAsync(string runId, int doneDelta, int failedDelta, CancellationToken cancellationToken) =>
        ApplyAsync(runId, run => run with { Done = Math.Max(0, run.Done + doneDelta), Failed = Math.Max(0, run.Failed + failedDelta) }, cancellationToken);

    /// <summary>Sets the counts (the sweep, from the item rows) when they differ, and completes the run when due.</summary>
    public Task<Updated<RunState>> ReconcileAsync(string runId, int done, int failed, CancellationToken cancellationToken) =>
        ApplyAsync(runId, run => run with { Done = done, Failed = failed }, cancellationToken);

    /// <summary>Moves a planned run to Summarizing when every item is accounted for; the caller that moved it enqueues the summary.</summary>
    public Task<Updated<RunState>> ApplyAsync(string runId, Func<RunState, RunState> change, CancellationToken cancellationToken) =>
        ApplyCoreAsync(runId, change, cancellationToken);

    /// <summary>The completion rule: a Running run whose items are all done or failed is due for its summary.</summary>
    public static RunState WithCompletion(RunState run) =>
        run.Status == RunStatus.Running && run.Done + run.Failed >= run.Total ? run with { Status = RunStatus.Summarizing } : run;

    private async Task<Updated<RunState>> ApplyCoreAsync(string runId, Func<RunState, RunState> change, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var update = await ports.Runs.UpdateRunAsync(
            runId,
            run =>
            {
                var next = WithCompletion(change(run));
                return next == run ? null : next with { LastUpdatedTime = now };
            },
            cancellationToken).ConfigureAwait(false);
        if (update is { Before.Status: not RunStatus.Summarizing, After.Status: RunStatus.Summarizing })
        {
            logger.LogInformation("Run {RunId}: all {Total} items accounted for ({Done} done, {Failed} failed); summarizing.",
                runId, update.After.Total, update.After.Done, update.After.Failed);
            await ports.Control.SendAsync(ControlMessage.ForSummarize(runId).ToJson(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return update;
    }
}
