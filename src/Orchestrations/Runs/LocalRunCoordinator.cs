using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Core.Reports;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// The embedded run: plan, execute the items whose results are missing, summarize. Results are
/// stored per item (create-if-absent), so running the same spec again resumes where it stopped.
/// </summary>
public sealed class LocalRunCoordinator(
    IBlobStore store,
    RunPlanner planner,
    WorkItemExecutor executor,
    RunSummarizer summarizer,
    ReportPublisher reports,
    IRunObserver observer,
    TimeProvider clock)
{
    public const string RecordBlob = "run.json";
    public const string ItemsPrefix = "items/";

    public async Task<RunOutcome> RunAsync(PreparedRun run, CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow();
        var record = await OpenRecordAsync(run, started, cancellationToken).ConfigureAwait(false);
        var items = planner.Plan(run);
        var stored = (await store.ListAsync(ItemsPrefix, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var pending = items.Where(i => !stored.Contains(BlobName(i))).ToList();
        observer.Planned(items.Count, pending.Count, pending.Sum(i => (long)i.Count));

        var progress = new SynchronousProgress(observer.ImagesDone);
        foreach (var item in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = executor.Execute(run, item, progress, cancellationToken);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(result, RunJson.Options);
            await store.TryCreateAsync(BlobName(item), bytes, cancellationToken).ConfigureAwait(false);
            observer.ItemDone(item, result);
        }

        observer.Summarizing();
        var summary = await summarizer.SummarizeAsync(run, record.RunId, items, new StoredResults(this), record.CreatedTime, started, clock, cancellationToken).ConfigureAwait(false);
        var report = summary.Report;
        var files = await reports.WriteAsync(report, store, cancellationToken).ConfigureAwait(false);
        return new RunOutcome(report, files, pending.Count, items.Count - pending.Count);
    }

    public static string BlobName(WorkItem item) => $"{ItemsPrefix}{item.Id}.json";

    // Every item has a result here (the run computed the missing ones first); a missing one is an error.
    private sealed class StoredResults(LocalRunCoordinator coordinator) : IItemResults
    {
        public async ValueTask<ItemLookup> ReadAsync(WorkItem item, CancellationToken cancellationToken) =>
            new(await coordinator.ReadResultAsync(item, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The items a run of <paramref name="run"/> in <paramref name="store"/> would resume rather than compute,
    /// by reading only (what <c>--dry-run</c> shows); fails as <see cref="RunAsync"/> does when the store holds another run.
    /// </summary>
    public static async Task<IReadOnlySet<string>> StoredItemsAsync(IBlobStore store, PreparedRun run, IReadOnlyList<WorkItem> items, CancellationToken cancellationToken = default)
    {
        if (await ReadRecordAsync(store, run, cancellationToken).ConfigureAwait(false) is null)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var stored = (await store.ListAsync(ItemsPrefix, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        return items.Where(i => stored.Contains(BlobName(i))).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<RunRecord> OpenRecordAsync(PreparedRun run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await ReadRecordAsync(store, run, cancellationToken).ConfigureAwait(false) is { } previous)
        {
            return previous;
        }

        var record = new RunRecord
        {
            RunId = run.Fingerprint[..16],
            Fingerprint = run.Fingerprint,
            CreatedTime = now,
            Spec = run.Spec,
            ModelHashes = run.Models.ToDictionary(m => m.Path, m => m.Sha256),
        };
        await store.WriteAsync(RecordBlob, JsonSerializer.SerializeToUtf8Bytes(record, RunJson.Options), cancellationToken).ConfigureAwait(false);
        return record;
    }

    // The stored record of this run, null when there is none; a record of another run is an error.
    private static async Task<RunRecord?> ReadRecordAsync(IBlobStore store, PreparedRun run, CancellationToken cancellationToken)
    {
        var existing = await store.ReadAsync(RecordBlob, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return null;
        }

        var previous = Deserialize<RunRecord>(store, existing, RecordBlob);
        if (previous.Fingerprint != run.Fingerprint)
        {
            throw new CloudFreqException(
                $"{store.Describe(RecordBlob)}: this output folder holds a run with a different spec or different model files "
                + $"({Difference(previous, run)}). Choose another --out, or pass --overwrite to discard it.");
        }

        return previous;
    }

    private static string Difference(RunRecord previous, PreparedRun run)
    {
        var changedModels = run.Models
            .Where(m => previous.ModelHashes.TryGetValue(m.Path, out var hash) && hash != m.Sha256)
            .Select(m => m.Name)
            .ToList();
        if (changedModels.Count > 0)
        {
            return "model file changed: " + string.Join(", ", changedModels);
        }

        var before = JsonSerializer.Serialize(previous.Spec, RunJson.Options);
        var now = JsonSerializer.Serialize(run.Spec, RunJson.Options);
        return before == now ? "model set changed" : "spec changed";
    }

    private async Task<ItemResult> ReadResultAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var name = BlobName(item);
        var bytes = await store.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new CloudFreqException($"{Describe(name)}: result missing after the run.");
        var result = Deserialize<ItemResult>(store, bytes, name);
        if (result.SchemaVersion != ItemResult.CurrentSchemaVersion)
        {
            throw new CloudFreqException(
                $"{Describe(name)}: schema version {result.SchemaVersion} is not supported (this version of CloudFreq reads {ItemResult.CurrentSchemaVersion}); delete it to recompute that part.");
        }

        if (result.ItemId != item.Id)
        {
            throw new CloudFreqException($"{Describe(name)}: holds the result of item {result.ItemId}, not {item.Id}.");
        }

        return result;
    }

    private static T Deserialize<T>(IBlobStore store, byte[] bytes, string name)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, RunJson.Options)
                ?? throw new CloudFreqException($"{store.Describe(name)}: empty.");
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"{store.Describe(name)}: unreadable ({ex.Message}); delete it to recompute that part.", ex);
        }
    }

    private string Describe(string name) => store.Describe(name);

    // Progress<T> posts to the thread pool; the observer wants counts in order, on the caller's thread.
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
