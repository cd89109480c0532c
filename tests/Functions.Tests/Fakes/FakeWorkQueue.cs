using System.Collections.Concurrent;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Functions.Tests.Fakes;

/// <summary>An in-memory queue with Azure's lease semantics: invisible while leased, pop receipts renewed on every visibility change.</summary>
internal sealed class FakeWorkQueue(string name) : IWorkQueue
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];
    private int _ids;

    public string Name { get; } = name;

    public ConcurrentQueue<string> Deleted { get; } = new();

    public ConcurrentQueue<(string MessageId, TimeSpan Visibility)> VisibilityChanges { get; } = new();

    public ConcurrentQueue<string> Sent { get; } = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool IsVisible(string messageId)
    {
        lock (_lock)
        {
            return _entries.Any(e => e.Id == messageId && e.VisibleAt <= DateTimeOffset.UtcNow);
        }
    }

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Adds a message as if it had already been delivered <paramref name="dequeueCount"/> times; returns its id.</summary>
    public string Add(string body, long dequeueCount = 0)
    {
        lock (_lock)
        {
            var id = $"m{++_ids}";
            _entries.Add(new Entry { Id = id, Body = body, DequeueCount = dequeueCount, VisibleAt = DateTimeOffset.MinValue });
            return id;
        }
    }

    public Task SendAsync(string body, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(body);
        lock (_lock)
        {
            _entries.Add(new Entry { Id = $"m{++_ids}", Body = body, VisibleAt = DateTimeOffset.UtcNow + (delay ?? TimeSpan.Zero) });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueMessageLease>> ReceiveAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            var leases = new List<QueueMessageLease>();
            foreach (var entry in _entries.Where(e => e.VisibleAt <= now).Take(maxMessages))
            {
                entry.DequeueCount++;
                entry.PopReceipt = Guid.NewGuid().ToString("N");
                entry.VisibleAt = now + visibility;
                leases.Add(new QueueMessageLease(entry.Id, entry.PopReceipt, entry.Body, entry.DequeueCount, now));
            }

            return Task.FromResult<IReadOnlyList<QueueMessageLease>>(leases);
        }
    }

    public Task DeleteAsync(QueueMessageLease lease, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_entries.RemoveAll(e => e.Id == lease.MessageId && e.PopReceipt == lease.PopReceipt) > 0)
            {
                Deleted.Enqueue(lease.MessageId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<QueueMessageLease?> SetVisibilityAsync(QueueMessageLease lease, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            VisibilityChanges.Enqueue((lease.MessageId, visibility));
            var entry = _entries.FirstOrDefault(e => e.Id == lease.MessageId && e.PopReceipt == lease.PopReceipt);
            if (entry is null)
            {
                return Task.FromResult<QueueMessageLease?>(null);
            }

            entry.PopReceipt = Guid.NewGuid().ToString("N");
            entry.VisibleAt = DateTimeOffset.UtcNow + visibility;
            return Task.FromResult<QueueMessageLease?>(lease with { PopReceipt = entry.PopReceipt });
        }
    }

    public Task<int> ApproximateCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(Count);

    private sealed class Entry
    {
        public required string Id { get; init; }

        public required string Body { get; init; }

        public long DequeueCount { get; set; }

        public DateTimeOffset VisibleAt { get; set; }

        public string? PopReceipt { get; set; }
    }
}
