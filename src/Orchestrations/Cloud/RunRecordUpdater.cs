using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>The outcome of a guarded update: the record before and after (After null when nothing changed).</summary>
public sealed record Updated<T>(T? Before, T? After)
    where T : class
{
    public bool Changed => After is not null;
}

/// <summary>
/// Read-modify-replace loops over the run store's ETags: the change is recomputed from a fresh
/// read after every conflict, so concurrent workers never lose each other's updates.
/// </summary>
public static class RunRecordUpdater
{
    private const int MaxAttempts = 100;

    /// <param name="change">The new record, or null to leave it as it is.</param>
    public static async Task<Updated<RunState>> UpdateRunAsync(
        this IRunStore store, string runId, Func<RunState, RunState?> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return new Updated<RunState>(null, null);
            }

            var next = change(current.Value);
            if (next is null)
            {
                return new Updated<RunState>(current.Value, null);
            }

            if (await store.TryReplaceRunAsync(next, current.ETag, cancellationToken).ConfigureAwait(false))
            {
                return new Updated<RunState>(current.Value, next);
            }

            await Backoff(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new Core.CloudFreqException($"run {runId}: the run record kept changing; gave up after {MaxAttempts} attempts.");
    }

    public static async Task<Updated<ItemState>> UpdateItemAsync(
        this IRunStore store, string runId, string itemId, Func<ItemState, ItemState?> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await store.GetItemAsync(runId, itemId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return new Updated<ItemState>(null, null);
            }

            var next = change(current.Value);
            if (next is null)
            {
                return new Updated<ItemState>(current.Value, null);
            }

            if (await store.TryReplaceItemAsync(next, current.ETag, cancellationToken).ConfigureAwait(false))
            {
                return new Updated<ItemState>(current.Value, next);
            }

            await Backoff(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new Core.CloudFreqException($"item {itemId} of run {runId}: the item row kept changing; gave up after {MaxAttempts} attempts.");
    }

    private static Task Backoff(int attempt, CancellationToken cancellationToken) =>
        attempt < 3 ? Task.CompletedTask : Task.Delay(Random.Shared.Next(1, 10 * Math.Min(attempt, 20)), cancellationToken);
}
