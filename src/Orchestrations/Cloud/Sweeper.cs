using CloudFreq.Orchestrations.Ports;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Repairs what lost messages and crashed workers leave behind (DESIGN.md section 3): re-enqueues the
/// plan of runs pending too long, the items of running runs whose heartbeat or enqueue time is older
/// than the visibility timeout times the dequeue limit and that have no result, and the summary of
/// runs summarizing too long with no report; reconciles a run's counts with its item rows and
/// completes it when every item is accounted for. Duplicates it may send are harmless.
/// </summary>
public sealed class Sweeper(CloudPorts ports, RunCompletion completion, CloudOptions options, TimeProvider clock, ILogger<Sweeper> logger)
{
    /// <summary>What one sweep did.</summary>
    public sealed record SweepReport(int Plans, int Items, int Summaries, int Reconciled);

    public async Task<SweepReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        int plans = 0, items = 0, summaries = 0, reconciled = 0;
        string? continuation = null;
        do
        {
            var page = await ports.Runs.ListRunsAsync(continuation, 100, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Runs)
            {
                using var scope = logger.ForRun(run.RunId);
                switch (run.Status)
                {
                    case RunStatus.Pending:
                        plans += await RepairStepAsync(run, ControlMessage.ForPlan(run.RunId), cancellationToken).ConfigureAwait(false);
                        break;
                    case RunStatus.Running:
                        var (sent, fixedCounts) = await RepairItemsAsync(run, cancellationToken).ConfigureAwait(false);
                        items += sent;
                        reconciled += fixedCounts;
                        break;
                    case RunStatus.Summarizing:
                        var report = await ports.Blobs.ReadAsync(CloudNames.ReportBlob(run.RunId, Runs.ReportPublisher.JsonName), cancellationToken).ConfigureAwait(false);
                        if (report is null)
                        {
                            summaries += await RepairStepAsync(run, ControlMessage.ForSummarize(run.RunId), cancellationToken).ConfigureAwait(false);
                        }

                        break;
                }
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);

        return new SweepReport(plans, items, summaries, reconciled);
    }

    // A run step quiet for longer than the visibility timeout: its message is lost or poisoned; send it again
    // and touch the record, so the next sweep waits another timeout.
    private async Task<int> RepairStepAsync(RunState run, ControlMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - run.LastUpdatedTime < options.VisibilityTimeout)
        {
            return 0;
        }

        var touched = await ports.Runs.UpdateRunAsync(
            run.RunId,
            r => r.Status == run.Status && r.LastUpdatedTime == run.LastUpdatedTime ? r with { LastUpdatedTime = now } : null,
            cancellationToken).ConfigureAwait(false);
        if (!touched.Changed)
        {
            return 0;
        }

        await ports.Control.SendAsync(message.ToJson(), cancellationToken: cancellationToken).ConfigureAwait(false);
        WorkflowTelemetry.SweepRepairs.Add(1, new KeyValuePair<string, object?>("kind", message.Kind));
        logger.LogWarning("Run {RunId}: {Status} since {Since:O}; re-sent its {Kind} step.", run.RunId, run.Status, run.LastUpdatedTime, message.Kind);
        return 1;
    }

    private async Task<(int Sent, int Reconciled)> RepairItemsAsync(RunState run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stale = options.VisibilityTimeout * Math.Max(1, options.MaxDequeueCount);
        var rows = await ports.Runs.ListItemsAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        var sent = 0;
        foreach (var (item, _) in rows)
        {
            if (item.Status is ItemStatus.Done or ItemStatus.Failed || now - item.UpdatedTime < stale)
            {
                continue;
            }

            if (await ports.Blobs.ReadAsync(CloudNames.ItemResultBlob(run.RunId, item.ItemId), cancellationToken).ConfigureAwait(false) is not null)
            {
                // The result is stored but the worker died before recording it: the message makes the item Done.
                logger.LogWarning("Item {ItemId}: result stored but the item is {Status}; re-sent to record it.", item.ItemId, item.Status);
            }

            var touched = await ports.Runs.UpdateItemAsync(
                run.RunId,
                item.ItemId,
                i => i.Status == item.Status && i.UpdatedTime == item.UpdatedTime ? i with { UpdatedTime = now } : null,
                cancellationToken).ConfigureAwait(false);
            if (!touched.Changed)
            {
                continue;
            }

            await ports.Items.SendAsync(new ItemMessage(run.RunId, item.ItemId).ToJson(), cancellationToken: cancellationToken).ConfigureAwait(false);
            WorkflowTelemetry.SweepRepairs.Add(1, new KeyValuePair<string, object?>("kind", "item"));
            sent++;
        }

        if (sent > 0)
        {
            logger.LogWarning("Run {RunId}: re-sent {Count} items quiet for more than {Stale}.", run.RunId, sent, stale);
        }

        var done = rows.Count(r => r.Value.Status == ItemStatus.Done);
        var failed = rows.Count(r => r.Value.Status == ItemStatus.Failed);
        var quiet = now - run.LastUpdatedTime >= options.VisibilityTimeout && rows.All(r => now - r.Value.UpdatedTime >= options.VisibilityTimeout);
        if (!quiet || (done == run.Done && failed == run.Failed))
        {
            return (sent, 0);
        }

        // Counts disagree with rows that have been quiet for a visibility timeout: a worker died between
        // recording its item and counting it. Only a record unchanged since it was listed is corrected.
        var update = await completion.ApplyAsync(
            run.RunId,
            r => r == run ? r with { Done = done, Failed = failed } : r,
            cancellationToken).ConfigureAwait(false);
        if (update.Changed)
        {
            logger.LogWarning("Run {RunId}: counts reconciled from item rows: {Done} done, {Failed} failed (were {OldDone}, {OldFailed}).",
                run.RunId, done, failed, run.Done, run.Failed);
        }

        return (sent, update.Changed ? 1 : 0);
    }
}
