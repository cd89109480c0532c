using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Adapters.Memory;

/// <summary>
/// An in-process <see cref="IWorkQueue"/> with Azure Queue Storage's semantics: a received message
/// is invisible until its lease ends and then comes back with its dequeue count raised; every
/// receive and every visibility change issues a new pop receipt, so a delete or an update with a
/// stale receipt (the message was received again meanwhile) does nothing. Time comes from a
/// <see cref="TimeProvider"/>, so tests move it on instead of waiting. Thread-safe.
/// </summary>
public sealed class InMemoryWorkQueue(string name, TimeProvider? time = null) : IWorkQueue
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private readonly List<Entry> messages = [];
    private long nextId;

    public string Name { get; } = string.IsNullOrEmpty(name) ? throw new ArgumentException("a queue needs a name.", nameof(name)) : name;

    public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SendAsync(string body, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        AzureWorkQueue.CheckBody(body);
        var now = time.GetUtcNow();
        lock (gate)
        {
            messages.Add(new Entry
            {
                MessageId = $"m{++nextId:D8}",
                Body = body,
                InsertedOn = now,
                VisibleAt = now + (delay is { } d && d > TimeSpan.Zero ? d : TimeSpan.Zero),
                PopReceipt = string.Empty,
            });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueMessageLease>> ReceiveAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessages);
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        var leases = new List<QueueMessageLease>();
        lock (gate)
        {
            // Earliest visible first, like Azure's roughly-FIFO order.
            foreach (var entry in messages.Where(m => m.VisibleAt <= now).OrderBy(m => m.VisibleAt).ThenBy(m => m.Sequence).Take(maxMessages).ToList())
            {
                entry.DequeueCount++;
                entry.VisibleAt = now + Positive(visibility);
                entry.PopReceipt = Guid.NewGuid().ToString("N");
                leases.Add(entry.Lease());
            }
        }

        return Task.FromResult<IReadOnlyList<QueueMessageLease>>(leases);
    }

    public Task DeleteAsync(QueueMessageLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (gate)
        {
            messages.RemoveAll(m => m.MessageId == lease.MessageId && m.PopReceipt == lease.PopReceipt);
        }

        return Task.CompletedTask;
    }

    public Task<QueueMessageLease?> SetVisibilityAsync(QueueMessageLease lease, TimeSpan visibility, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = time.GetUtcNow();
        lock (gate)
        {
            var entry = messages.Find(m => m.MessageId == lease.MessageId && m.PopReceipt == lease.PopReceipt);
            if (entry is null)
            {
                return Task.FromResult<QueueMessageLease?>(null);
            }

            entry.VisibleAt = now + Positive(visibility);
            entry.PopReceipt = Guid.NewGuid().ToString("N");
            return Task.FromResult<QueueMessageLease?>(lease with { PopReceipt = entry.PopReceipt });
        }
    }

    /// <summary>All messages, visible or not (as Azure's approximate count).</summary>
    public Task<int> ApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(messages.Count);
        }
    }

    /// <summary>Messages that a receive would return now.</summary>
    public int VisibleCount
    {
        get
        {
            var now = time.GetUtcNow();
            lock (gate)
            {
                return messages.Count(m => m.VisibleAt <= now);
            }
        }
    }

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.Zero;

    private sealed class Entry
    {
        private static long sequence;

        public long Sequence { get; } = Interlocked.Increment(ref sequence);

        public required string MessageId { get; init; }

        public required string Body { get; init; }

        public required DateTimeOffset InsertedOn { get; init; }

        public required DateTimeOffset VisibleAt { get; set; }

        public required string PopReceipt { get; set; }

        public long DequeueCount { get; set; }

        public QueueMessageLease Lease() => new(MessageId, PopReceipt, Body, DequeueCount, InsertedOn);
    }
}
