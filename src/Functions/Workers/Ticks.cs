namespace CloudFreq.Functions.Workers;

internal static class Ticks
{
    /// <summary>Waits for the timer's next tick; false once <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false) && !cancellationToken.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
