using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Handles the messages of one queue. The host's listener receives, keeps the lease alive while
/// <see cref="HandleAsync"/> runs, and deletes the message when it returns; when it throws the
/// message comes back after its visibility timeout. A message delivered more than
/// <see cref="CloudOptions.MaxDequeueCount"/> times goes to <see cref="HandlePoisonAsync"/> instead
/// (which records the failure), then is copied to the poison queue and deleted.
/// </summary>
public interface IQueueMessageHandler
{
    IWorkQueue Queue { get; }

    /// <summary>Does the message's work; must be idempotent (deliveries repeat).</summary>
    Task HandleAsync(QueueMessageLease message, CancellationToken cancellationToken);

    /// <summary>Records that the message's work failed for good, with <paramref name="lastError"/> when known.</summary>
    Task HandlePoisonAsync(QueueMessageLease message, string? lastError, CancellationToken cancellationToken);
}
