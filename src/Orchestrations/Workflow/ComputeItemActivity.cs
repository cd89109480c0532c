using System.Diagnostics;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// Computes one work item with the shared executor. Idempotent: a stored result (or a recorded
/// permanent error) is returned without computing; a new result is written create-if-absent, so a
/// concurrent twin loses harmlessly. A <see cref="CloudFreqException"/> (an undecodable image in a
/// strict run, a broken model, inputs that changed) is permanent: its error blob is written and the
/// item ends Failed, never retried. Anything else is thrown, and the orchestrator's retry policy
/// delivers the item again. An item of a canceled run (its cancel blob exists) computes nothing.
/// </summary>
public sealed partial class ComputeItemActivity(WorkflowServices services) : TaskActivity<ItemInput, ItemOutcome>
{
    private readonly ILogger _logger = services.Loggers.CreateLogger<ComputeItemActivity>();

    public override async Task<ItemOutcome> RunAsync(TaskActivityContext context, ItemInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = services.Stopping;
        var blobs = services.Blobs;
        PreparedRunLease lease;
        try
        {
            lease = await services.LeaseAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudFreqException ex)
        {
            return await FailAsync(input, $"item {input.Index}", ex.Message, cancellationToken).ConfigureAwait(false);
        }

        using (lease)
        {
            var prepared = lease.Run;
            if (input.Index < 0 || input.Index >= prepared.Items.Count)
            {
                return await FailAsync(input, $"item {input.Index}", $"item {input.Index} is not in the run's plan of {prepared.Items.Count} items.", cancellationToken).ConfigureAwait(false);
            }

            var item = prepared.Items[input.Index];
            using var scope = _logger.BeginScope(new Dictionary<string, object> { ["RunId"] = input.RunId, ["ItemId"] = item.Id });
            if (prepared.Run.Fingerprint != input.Fingerprint)
            {
                return await FailAsync(
                    input,
                    item.Id,
                    $"the run's inputs changed after planning (fingerprint {Short(prepared.Run.Fingerprint)}, planned {Short(input.Fingerprint)}): a dataset or model blob was replaced during the run; start a new run.",
                    cancellationToken).ConfigureAwait(false);
            }

            if (await blobs.ResultExistsAsync(input.RunId, item.Id, cancellationToken).ConfigureAwait(false))
            {
                LogReused(_logger, item.Id);
                return new ItemOutcome(input.Index, Failed: false, Reused: true);
            }

            if (await blobs.ReadErrorAsync(input.RunId, item.Id, cancellationToken).ConfigureAwait(false) is not null)
            {
                return new ItemOutcome(input.Index, Failed: true, Reused: true);
            }

            // Items queued before a cancel are still delivered: they see the run's cancel blob and skip.
            if (await blobs.IsCanceledAsync(input.RunId, cancellationToken).ConfigureAwait(false))
            {
                return new ItemOutcome(input.Index, Failed: false, Reused: false, Skipped: true);
            }

            LogComputing(_logger, item.Id);
            var started = Stopwatch.GetTimestamp();
            Runs.ItemResult result;
            try
            {
                await services.Shards.StageAsync(prepared.Run, item, cancellationToken).ConfigureAwait(false);
                result = await Task.Run(() => services.Runner.Execute(prepared.Run, item, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (CloudFreqException ex)
            {
                return await FailAsync(input, item.Id, ex.Message, cancellationToken).ConfigureAwait(false);
            }

            var created = await blobs.TryCreateResultAsync(input.RunId, result, cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            WorkflowTelemetry.ItemDuration.Record(seconds, new KeyValuePair<string, object?>("analysis", item.Analysis));
            WorkflowTelemetry.ItemsCompleted.Add(1);
            LogComputed(_logger, item.Id, result.Timings.Images, seconds, created ? string.Empty : " (a twin stored its result first)");
            return new ItemOutcome(input.Index, Failed: false, Reused: !created);
        }
    }

    private async Task<ItemOutcome> FailAsync(ItemInput input, string itemId, string error, CancellationToken cancellationToken)
    {
        LogFailed(_logger, itemId, error);
        WorkflowTelemetry.ItemsFailed.Add(1);
        if (itemId.StartsWith("item ", StringComparison.Ordinal))
        {
            // No item id to file the error under: the orchestrator reports it with the index.
            return new ItemOutcome(input.Index, Failed: true, Reused: false, Error: error);
        }

        await services.Blobs.TryCreateErrorAsync(input.RunId, new StoredItemError(itemId, error), cancellationToken).ConfigureAwait(false);
        return new ItemOutcome(input.Index, Failed: true, Reused: false);
    }

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] + "..." : fingerprint;

    [LoggerMessage(Level = LogLevel.Information, Message = "Item {ItemId}: {Images} images in {Seconds:F2} s{Note}.")]
    private static partial void LogComputed(ILogger logger, string itemId, int images, double seconds, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Item {ItemId}: computing.")]
    private static partial void LogComputing(ILogger logger, string itemId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Item {ItemId}: result already stored; nothing computed.")]
    private static partial void LogReused(ILogger logger, string itemId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Item {ItemId}: failed for good: {Error}")]
    private static partial void LogFailed(ILogger logger, string itemId, string error);
}

