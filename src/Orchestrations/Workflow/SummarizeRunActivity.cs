using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// The fan-in: reads every item's result blob in item-id order, merges them with the shared
/// <see cref="RunSummarizer"/> (items without a result are reported with their error blob's error, or
/// the error their retries ended with), and writes the report files under <c>reports/RUN/</c> with the
/// shared <see cref="ReportPublisher"/>. Reports are written whole: running it again writes the same files.
/// </summary>
public sealed partial class SummarizeRunActivity(WorkflowServices services) : TaskActivity<SummarizeInput, RunSummaryCounts>
{
    private const int ReadConcurrency = 16;
    private readonly ILogger _logger = services.Loggers.CreateLogger<SummarizeRunActivity>();

    public override async Task<RunSummaryCounts> RunAsync(TaskActivityContext context, SummarizeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = services.Stopping;
        var spec = await services.Blobs.ReadSpecAsync(input.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new Core.CloudFreqException($"run {input.RunId}: its spec blob is gone.");
        using var lease = await services.LeaseAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        var prepared = lease.Run;
        var retriedOut = input.Failures.ToDictionary(f => f.Index, f => f.Error);
        // Reads in parallel (a large run has thousands of result blobs); the merge below is in item-id order.
        var read = new (ItemResult? Result, StoredItemError? Error)[prepared.Items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, prepared.Items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var id = prepared.Items[i].Id;
                var result = await services.Blobs.ReadResultAsync(input.RunId, id, ct).ConfigureAwait(false);
                read[i] = (result, result is null ? await services.Blobs.ReadErrorAsync(input.RunId, id, ct).ConfigureAwait(false) : null);
            }).ConfigureAwait(false);
        var results = new Dictionary<string, ItemResult>(StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < prepared.Items.Count; i++)
        {
            var id = prepared.Items[i].Id;
            if (read[i].Result is { } result)
            {
                results[id] = result;
            }
            else if (read[i].Error is { } error)
            {
                failures[id] = error.Error;
            }
            else if (retriedOut.TryGetValue(i, out var last))
            {
                failures[id] = last;
            }
        }

        // The report's galleries show each dataset's first image: its shard must be here.
        for (var d = 0; d < prepared.Run.Datasets.Count; d++)
        {
            await services.Shards.StageAsync(prepared.Run, d, [0], cancellationToken).ConfigureAwait(false);
        }

        var completed = services.Clock.GetUtcNow();
        var report = services.Summarizer.Summarize(prepared.Run, input.RunId, prepared.Items, results, spec.CreatedTime, completed, completed - spec.CreatedTime, failures);
        var files = await services.Reports.WriteAsync(report, new PrefixedBlobStore(services.Blobs.Store, CloudNames.ReportsPrefix(input.RunId)), cancellationToken).ConfigureAwait(false);
        LogWritten(_logger, input.RunId, string.Join(", ", files), results.Count, failures.Count);
        return new RunSummaryCounts(results.Count, failures.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: report written ({Files}); {Results} results, {Failures} failed items.")]
    private static partial void LogWritten(ILogger logger, string runId, string files, int results, int failures);
}
