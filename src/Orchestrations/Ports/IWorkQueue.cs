namespace CloudFreq.Orchestrations.Ports;

/// <summary>
/// A queue with at-least-once delivery and visibility timeouts (Azure Queue Storage semantics):
/// a received message stays invisible for the lease time and comes back, with its dequeue count
/// raised, unless it is deleted. Handlers must therefore be idempotent.
/// </summary>
public interface IWorkQueue
{
    /// <summary>The queue's name, for logs and metrics.</summary>
    string Name { get; }

    /// <summary>Creates the queue when missing (no-op otherwise).</summary>
    Task EnsureExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a message (UTF-8 text, at most 48 KiB), visible after <paramref name="delay"/>.</summary>
    Task SendAsync(string body, TimeSpan? delay = null, CancellationToken cancellationToken = default);

    /// <summary>Receives up to <paramref name="maxMessages"/> visible messages, hiding each for <paramref name="visibility"/>.</summary>
    Task<IReadOnlyList<QueueMessageLease>> ReceiveAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken = default);

    /// <summary>Deletes a received message; a lease that expired (the message was re-delivered) is ignored.</summary>
    Task DeleteAsync(QueueMessageLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends (heartbeat) or ends (<see cref="TimeSpan.Zero"/>: visible again now, for graceful
    /// shutdown) a lease; returns the renewed lease, or null when the lease was lost.
    /// </summary>
    Task<QueueMessageLease?> SetVisibilityAsync(QueueMessageLease lease, TimeSpan visibility, CancellationToken cancellationToken = default);

    /// <summary>The approximate number of messages waiting (queue lag metrics, scaling).</summary>
    Task<int> ApproximateCountAsync(CancellationToken cancellationToken = default);
}

/// <summary>A received message and the receipt that proves the lease.</summary>
/// <param name="DequeueCount">How many times the message has been received, this time included.</param>
public sealed record QueueMessageLease(string MessageId, string PopReceipt, string Body, long DequeueCount, DateTimeOffset? InsertedOn);
