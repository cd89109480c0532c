using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Cloud.Fakes;

/// <summary>An in-memory queue with visibility timeouts and dequeue counts on a fake clock.</summary>
internal sealed class FakeQueue(string name, TimeProvider clock) : IWorkQueue
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _messages = [];
    private long _next;

    public string Name => name;

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendAsync(string body, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            _messages.Add(new Entry { Id = $"m{++_next}", Body = body, VisibleAt = now + (delay ?? TimeSpan.Zero), Inserted = now });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueMessageLease>> ReceiveAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            var leases = new List<QueueMessageLease>();
            foreach (var entry in _messages.Where(m => m.VisibleAt <= now).Take(maxMessages))
            {
                entry.VisibleAt = now + visibility;
                entry.DequeueCount++;
                entry.PopReceipt = Guid.NewGuid().ToString("N");
                leases.Add(new QueueMessageLease(entry.Id, entry.PopReceipt, entry.Body, entry.DequeueCount, entry.Inserted));
            }

            return Task.FromResult<IReadOnlyList<QueueMessageLease>>(leases);
        }
    }

    public Task DeleteAsync(QueueMessageLease lease, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _messages.RemoveAll(m => m.Id == lease.MessageId && m.PopReceipt == lease.PopReceipt);
        }

        return Task.CompletedTask;
    }

    public Task<QueueMessageLease?> SetVisibilityAsync(QueueMessageLease lease, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var entry = _messages.FirstOrDefault(m => m.Id == lease.MessageId && m.PopReceipt == lease.PopReceipt);
            if (entry is null)
            {
                return Task.FromResult<QueueMessageLease?>(null);
            }

            entry.VisibleAt = clock.GetUtcNow() + visibility;
            entry.PopReceipt = Guid.NewGuid().ToString("N");
            return Task.FromResult<QueueMessageLease?>(lease with { PopReceipt = entry.PopReceipt });
        }
    }

    public Task<int> ApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_messages.Count);
        }
    }

    /// <summary>Makes every invisible message visible again, as if its lease timed out.</summary>
    public void ExpireAllLeases()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            foreach (var entry in _messages)
            {
                entry.VisibleAt = entry.VisibleAt > now ? now : entry.VisibleAt;
            }
        }
    }

    /// <summary>The bodies of every message (visible or not).</summary>
    public IReadOnlyList<string> Bodies()
    {
        lock (_lock)
        {
            return [.. _messages.Select(m => m.Body)];
        }
    }

    private sealed class Entry
    {
        public required string Id { get; init; }

        public required string Body { get; init; }

        public DateTimeOffset VisibleAt { get; set; }

        public DateTimeOffset Inserted { get; init; }

        public long DequeueCount { get; set; }

        public string PopReceipt { get; set; } = string.Empty;
    }
}
