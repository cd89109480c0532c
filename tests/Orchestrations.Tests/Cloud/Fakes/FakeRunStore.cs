using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Cloud.Fakes;

/// <summary>An in-memory run store with ETags.</summary>
internal sealed class FakeRunStore : IRunStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (RunState Run, string ETag)> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), (ItemState Item, string ETag)> _items = [];
    private long _version;

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<bool> TryCreateRunAsync(RunState run, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_runs.TryAdd(run.RunId, (run, NextETag())));
        }
    }

    public Task<Versioned<RunState>?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_runs.TryGetValue(runId, out var r) ? new Versioned<RunState>(r.Run, r.ETag) : null);
        }
    }

    public Task<bool> TryReplaceRunAsync(RunState run, string etag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_runs.TryGetValue(run.RunId, out var current) || current.ETag != etag)
            {
                return Task.FromResult(false);
            }

            _runs[run.RunId] = (run, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task<RunPage> ListRunsAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var all = _runs.Values.Select(r => r.Run).OrderByDescending(r => r.CreatedTime).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToList();
            var skip = continuation is null ? 0 : int.Parse(continuation, System.Globalization.CultureInfo.InvariantCulture);
            var page = all.Skip(skip).Take(pageSize).ToList();
            var next = skip + page.Count < all.Count ? (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new RunPage(page, next));
        }
    }

    public Task AddItemsAsync(string runId, IReadOnlyList<ItemState> items, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var item in items)
            {
                _items.TryAdd((runId, item.ItemId), (item, NextETag()));
            }
        }

        return Task.CompletedTask;
    }

    public Task<Versioned<ItemState>?> GetItemAsync(string runId, string itemId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.TryGetValue((runId, itemId), out var i) ? new Versioned<ItemState>(i.Item, i.ETag) : null);
        }
    }

    public Task<bool> TryReplaceItemAsync(ItemState item, string etag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue((item.RunId, item.ItemId), out var current) || current.ETag != etag)
            {
                return Task.FromResult(false);
            }

            _items[(item.RunId, item.ItemId)] = (item, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Versioned<ItemState>>> ListItemsAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<Versioned<ItemState>> list = [.. _items.Where(p => p.Key.Item1 == runId).Select(p => new Versioned<ItemState>(p.Value.Item, p.Value.ETag))];
            return Task.FromResult(list);
        }
    }

    /// <summary>Overwrites a run record without an ETag check (tests simulating a crashed worker).</summary>
    public void Set(RunState run)
    {
        lock (_lock)
        {
            _runs[run.RunId] = (run, NextETag());
        }
    }

    private string NextETag() => $"\"{++_version}\"";
}
