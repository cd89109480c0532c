using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// The fan-in: the shared <see cref="RunSummarizer"/> reads every item's result blob in item-id order and
/// merges as it reads, a few reads ahead, so memory holds one merged partial per group rather than every result
/// (items without a result are reported with their error blob's error, or the error their retries ended with);
/// then the report files go under <c>reports/RUN/</c> with the shared <see cref="ReportPublisher"/>. Reports
/// are written whole: running it again writes the same files.
/// </summary>
public sealed partial class SummarizeRunActivity(WorkflowServices services) : TaskActivity<SummarizeInput, RunSummaryCounts>
{
    private readonly ILogger _logger = services.Loggers.CreateLogger<SummarizeRunActivity>();

    public override async Task<RunSummaryCounts> RunAsync(TaskActivityContext context, SummarizeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = services.Stopping;
        var spec = await services.Blobs.ReadSpecAsync(input.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new Core.CloudFreqException($"run {input.RunId}: its spec blob is gone.");
        using var lease = await services.LeaseAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var prepared = lease.Run;
        var retriedOut = input.Failures.ToDictionary(f => prepared.Items[f.Index].Id, f => f.Error, StringComparer.Ordinal);

        // The report's galleries show each dataset's first image: its shard must be here.
        for (var d = 0; d < prepared.Run.Datasets.Count; d++)
        {
            await services.Shards.StageAsync(prepared.Run, d, [0], cancellationToken).ConfigureAwait(false);
        }

        var summary = await services.Summarizer.SummarizeAsync(
            prepared.Run, input.RunId, prepared.Items, new ResultBlobs(services.Blobs, input.RunId, retriedOut),
            spec.CreatedTime, spec.CreatedTime, services.Clock, cancellationToken).ConfigureAwait(false);
        var files = await services.Reports.WriteAsync(summary.Report, new PrefixedBlobStore(services.Blobs.Store, CloudNames.ReportsPrefix(input.RunId)), cancellationToken).ConfigureAwait(false);
        LogWritten(_logger, input.RunId, string.Join(", ", files), summary.Results, summary.Missing);
        return new RunSummaryCounts(summary.Results, summary.Missing);
    }

    // An item's result blob; else its error blob's error; else the error its retries ended with.
    private sealed class ResultBlobs(RunBlobs blobs, string runId, IReadOnlyDictionary<string, string> retriedOut) : IItemResults
    {
        public async ValueTask<ItemLookup> ReadAsync(WorkItem item, CancellationToken cancellationToken)
        {
            if (await blobs.ReadResultAsync(runId, item.Id, cancellationToken).ConfigureAwait(false) is { } result)
            {
                return new ItemLookup(result);
            }

            var error = await blobs.ReadErrorAsync(runId, item.Id, cancellationToken).ConfigureAwait(false);
            return new ItemLookup(null, error?.Error ?? retriedOut.GetValueOrDefault(item.Id));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: report written ({Files}); {Results} results, {Failures} failed items.")]
    private static partial void LogWritten(ILogger logger, string runId, string files, int results, int failures);
}
