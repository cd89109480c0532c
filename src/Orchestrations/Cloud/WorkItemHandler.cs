using System.Diagnostics;
using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Computes the work items of the items queue with the shared executor. Per delivery: a run that has
/// ended (canceled, completed, failed) -> acknowledge; a stored result -> make sure the item is Done and
/// acknowledge; otherwise mark the item Running (attempt + 1), compute it, store the result
/// create-if-absent and move the item to Done. Only the caller whose replace moved the item to Done
/// counts it into the run (see <see cref="RunCompletion"/>). A failure is written on the item row and
/// rethrown, so the message comes back; after the dequeue limit the item is recorded as Failed. Before
/// computing, the shards holding the item's images are staged (<see cref="ItemShardStager"/>).
/// </summary>
public sealed class WorkItemHandler(
    CloudPorts ports,
    PreparedRunCache preparedRuns,
    ItemShardStager shards,
    IWorkItemRunner runner,
    RunCompletion completion,
    CloudOptions options,
    TimeProvider clock,
    ILogger<WorkItemHandler> logger) : IQueueMessageHandler
{
    public IWorkQueue Queue => ports.Items;

    public async Task HandleAsync(QueueMessageLease message, CancellationToken cancellationToken)
    {
        ItemMessage msg;
        try
        {
            msg = ItemMessage.Parse(message.Body);
        }
        catch (CloudFreqException ex)
        {
            logger.LogWarning("Dropping an unreadable item message {MessageId}: {Error}", message.MessageId, ex.Message);
            return;
        }

        using var scope = logger.ForItem(msg.RunId, msg.ItemId);
        using var activity = WorkflowTelemetry.ActivitySource.StartActivity("work item");
        activity?.SetTag("cloudfreq.run_id", msg.RunId);
        activity?.SetTag("cloudfreq.item_id", msg.ItemId);

        var run = (await ports.Runs.GetRunAsync(msg.RunId, cancellationToken).ConfigureAwait(false))?.Value;
        if (run is null || run.Status is not (RunStatus.Pending or RunStatus.Running))
        {
            logger.LogInformation("Item {ItemId}: skipped, run {RunId} is {Status}.", msg.ItemId, msg.RunId, run?.Status.ToString() ?? "unknown");
            return;
        }

        var resultName = CloudNames.ItemResultBlob(msg.RunId, msg.ItemId);
        if (await ports.Blobs.ReadAsync(resultName, cancellationToken).ConfigureAwait(false) is not null)
        {
            await MarkDoneAsync(msg, cancellationToken).ConfigureAwait(false);
            return;
        }

        var row = await ports.Runs.GetItemAsync(msg.RunId, msg.ItemId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            logger.LogWarning("Item {ItemId}: no state row in run {RunId}; acknowledged.", msg.ItemId, msg.RunId);
            return;
        }

        if (row.Value.Status == ItemStatus.Failed)
        {
            logger.LogInformation("Item {ItemId}: already recorded as failed; acknowledged.", msg.ItemId);
            return;
        }

        var now = clock.GetUtcNow();
        await ports.Runs.UpdateItemAsync(
            msg.RunId,
            msg.ItemId,
            i => i.Status is ItemStatus.Done or ItemStatus.Failed ? null : i with { Status = ItemStatus.Running, UpdatedTime = now, Attempts = i.Attempts + 1 },
            cancellationToken).ConfigureAwait(false);

        try
        {
            await ComputeAsync(run, msg, resultName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Item {ItemId}: attempt failed: {Error}", msg.ItemId, ex.Message);
            var failedAt = clock.GetUtcNow();
            await ports.Runs.UpdateItemAsync(
                msg.RunId,
                msg.ItemId,
                i => i.Status is ItemStatus.Done or ItemStatus.Failed ? null : i with { Status = ItemStatus.Queued, UpdatedTime = failedAt, Error = Describe(ex) },
                CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task HandlePoisonAsync(QueueMessageLease message, string? lastError, CancellationToken cancellationToken)
    {
        ItemMessage msg;
        try
        {
            msg = ItemMessage.Parse(message.Body);
        }
        catch (CloudFreqException)
        {
            return;
        }

        using var scope = logger.ForItem(msg.RunId, msg.ItemId);
        if (await ports.Blobs.ReadAsync(CloudNames.ItemResultBlob(msg.RunId, msg.ItemId), cancellationToken).ConfigureAwait(false) is not null)
        {
            await MarkDoneAsync(msg, cancellationToken).ConfigureAwait(false);
            return;
        }

        await FailItemAsync(msg, lastError, message.DequeueCount, cancellationToken).ConfigureAwait(false);
    }

    private async Task ComputeAsync(RunState run, ItemMessage msg, string resultName, CancellationToken cancellationToken)
    {
        var prepared = await preparedRuns.GetAsync(msg.RunId, ControlHandler.ParseSpec(run), cancellationToken).ConfigureAwait(false);
        if (run.Fingerprint is null)
        {
            throw new InvalidOperationException($"run {msg.RunId} has no fingerprint yet; the item will be retried.");
        }

        if (prepared.Run.Fingerprint != run.Fingerprint)
        {
            await FailItemAsync(
                msg,
                $"the run's inputs changed after planning (fingerprint {prepared.Run.Fingerprint[..12]}..., planned {run.Fingerprint[..12]}...): "
                + "a dataset or model blob was replaced during the run; start a new run.",
                null,
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var item = prepared.Find(msg.ItemId);
        if (item is null)
        {
            await FailItemAsync(msg, $"item {msg.ItemId} is not in the run's plan.", null, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beating = HeartbeatAsync(msg, heartbeat.Token);
        var started = Stopwatch.GetTimestamp();
        ItemResult result;
        try
        {
            var fetched = await shards.StageAsync(prepared.Run, item, cancellationToken).ConfigureAwait(false);
            if (fetched.Count > 0)
            {
                logger.LogInformation("Item {ItemId}: staged {Shards} shards ({Bytes} bytes).", msg.ItemId, fetched.Count, fetched.Sum(s => s.Bytes));
            }

            result = await Task.Run(() => runner.Execute(prepared.Run, item, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await heartbeat.CancelAsync().ConfigureAwait(false);
            await beating.ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var created = await ports.Blobs.TryCreateAsync(resultName, JsonSerializer.SerializeToUtf8Bytes(result, RunJson.Options), cancellationToken).ConfigureAwait(false);
        WorkflowTelemetry.ItemDuration.Record(seconds, new KeyValuePair<string, object?>("analysis", item.Analysis));
        logger.LogInformation("Item {ItemId}: {Images} images in {Seconds:F2} s{Duplicate}.",
            msg.ItemId, result.Timings.Images, seconds, created ? string.Empty : " (a result was already stored)");
        await MarkDoneAsync(msg, cancellationToken).ConfigureAwait(false);
    }

    // Keeps the item row's heartbeat fresh while a long item runs, so the sweep leaves it alone.
    private async Task HeartbeatAsync(ItemMessage msg, CancellationToken cancellationToken)
    {
        var period = options.VisibilityTimeout / 2;
        try
        {
            while (true)
            {
                await Task.Delay(period, clock, cancellationToken).ConfigureAwait(false);
                var now = clock.GetUtcNow();
                await ports.Runs.UpdateItemAsync(
                    msg.RunId,
                    msg.ItemId,
                    i => i.Status == ItemStatus.Running ? i with { UpdatedTime = now } : null,
                    cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the item finished
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Item {ItemId}: heartbeat stopped: {Error}", msg.ItemId, ex.Message);
        }
    }

    private async Task MarkDoneAsync(ItemMessage msg, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var update = await ports.Runs.UpdateItemAsync(
            msg.RunId,
            msg.ItemId,
            i => i.Status == ItemStatus.Done ? null : i with { Status = ItemStatus.Done, UpdatedTime = now, Error = null },
            cancellationToken).ConfigureAwait(false);
        if (update.Changed)
        {
            WorkflowTelemetry.ItemsCompleted.Add(1);
            var wasFailed = update.Before!.Status == ItemStatus.Failed;
            await completion.AddAsync(msg.RunId, 1, wasFailed ? -1 : 0, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FailItemAsync(ItemMessage msg, string? error, long? deliveries, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var update = await ports.Runs.UpdateItemAsync(
            msg.RunId,
            msg.ItemId,
            i => i.Status is ItemStatus.Done or ItemStatus.Failed
                ? null
                : i with
                {
                    Status = ItemStatus.Failed,
                    UpdatedTime = now,
                    Error = error ?? i.Error ?? $"the item failed {deliveries} deliveries with no recorded error.",
                },
            cancellationToken).ConfigureAwait(false);
        if (update.Changed)
        {
            logger.LogError("Item {ItemId}: failed for good: {Error}", msg.ItemId, update.After!.Error);
            WorkflowTelemetry.ItemsFailed.Add(1);
            await completion.AddAsync(msg.RunId, 0, 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(Exception ex) => ex is CloudFreqException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
}
