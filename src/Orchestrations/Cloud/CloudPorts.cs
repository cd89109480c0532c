using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>The storage a cloud run lives in: one blob store, the four queues and the run store.</summary>
public sealed record CloudPorts(
    IBlobStore Blobs,
    IWorkQueue Trigger,
    IWorkQueue Control,
    IWorkQueue Items,
    IWorkQueue Poison,
    IRunStore Runs)
{
    public async Task EnsureExistsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var queue in new[] { Trigger, Control, Items, Poison })
        {
            await queue.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        await Runs.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
    }
}
