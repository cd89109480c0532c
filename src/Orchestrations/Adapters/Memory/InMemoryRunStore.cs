using System.Globalization;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Adapters.Memory;

/// <summary>
/// An in-process <see cref="IRunStore"/> with the Azure Tables adapter's semantics: every write
/// gives the row a new ETag, replaces succeed only with the current one, runs list newest first
/// (by their creation time, ties by id, in the same order as <see cref="AzureRunStore"/>). Thread-safe.
/// </summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, RunEntry> runs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Versioned<ItemState>>> items = new(StringComparer.Ordinal);
    private long version;

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<bool> TryCreateRunAsync(RunState run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.RunId);
        lock (gate)
        {
            if (runs.ContainsKey(run.RunId))
            {
                return Task.FromResult(false);
            }

            var key = AzureRunStore.IndexKey(run.CreatedTime, TableKeys.Escape(run.RunId));
            runs[run.RunId] = new RunEntry(new Versioned<RunState>(run, NextETag()), key);
            index[key] = run.RunId;
            return Task.FromResult(true);
        }
    }

    public Task<Versioned<RunState>?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(runs.TryGetValue(runId, out var entry) ? entry.Run : null);
        }
    }

    public Task<bool> TryReplaceRunAsync(RunState run, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (gate)
        {
            if (!runs.TryGetValue(run.RunId, out var entry) || entry.Run.ETag != etag)
            {
                return Task.FromResult(false);
            }

            runs[run.RunId] = entry with { Run = new Versioned<RunState>(run, NextETag()) };
            return Task.FromResult(true);
        }
    }

    public Task<RunPage> ListRunsAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        lock (gate)
        {
            var keys = index.Keys.Where(k => continuation is null || string.CompareOrdinal(k, continuation) > 0).Take(pageSize + 1).ToList();
            var page = keys.Take(pageSize).ToList();
            var next = keys.Count > pageSize ? page[^1] : null;
            return Task.FromResult(new RunPage([.. page.Select(k => runs[index[k]].Run.Value)], next));
        }
    }

    public Task AddItemsAsync(string runId, IReadOnlyList<ItemState> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (gate)
        {
            if (!this.items.TryGetValue(runId, out var rows))
            {
                this.items[runId] = rows = new Dictionary<string, Versioned<ItemState>>(StringComparer.Ordinal);
            }

            foreach (var item in items)
            {
                if (item.RunId != runId)
                {
                    throw new ArgumentException($"item '{item.ItemId}' belongs to run '{item.RunId}', not '{runId}'.", nameof(items));
                }

                rows.TryAdd(item.ItemId, new Versioned<ItemState>(item, NextETag()));
            }
        }

        return Task.CompletedTask;
    }

    public Task<Versioned<ItemState>?> GetItemAsync(string runId, string itemId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(items.TryGetValue(runId, out var rows) && rows.TryGetValue(itemId, out var item) ? item : null);
        }
    }

    public Task<bool> TryReplaceItemAsync(ItemState item, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (gate)
        {
            if (!items.TryGetValue(item.RunId, out var rows) || !rows.TryGetValue(item.ItemId, out var current) || current.ETag != etag)
            {
                return Task.FromResult(false);
            }

            rows[item.ItemId] = new Versioned<ItemState>(item, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Versioned<ItemState>>> ListItemsAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<Versioned<ItemState>> result = items.TryGetValue(runId, out var rows) ? [.. rows.Values] : [];
            return Task.FromResult(result);
        }
    }

    /// <summary>A fresh ETag (called under the lock).</summary>
    private string NextETag() => $"W/\"{(++version).ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>A run and the index key it was created with (the order of listings never changes).</summary>
    private sealed record RunEntry(Versioned<RunState> Run, string IndexKey);
}
