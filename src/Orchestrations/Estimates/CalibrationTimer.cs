namespace CloudFreq.Orchestrations.Estimates;

/// <summary>The timing loop the model and transform calibrators share: whole calls until a time or call budget is spent.</summary>
internal static class CalibrationTimer
{
    /// <summary>Units per second over whole calls of <paramref name="call"/> (each returns the units it did); null when <paramref name="duration"/> is zero.</summary>
    public static double? Rate(TimeProvider clock, TimeSpan duration, int minCalls, int maxCalls, Func<int> call, CancellationToken cancellationToken)
    {
        if (duration == TimeSpan.Zero)
        {
            return null;
        }

        var started = clock.GetTimestamp();
        var calls = 0;
        long units = 0;
        TimeSpan elapsed;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            units += call();
            calls++;
            elapsed = clock.GetElapsedTime(started);
        }
        while (calls < maxCalls && (calls < minCalls || elapsed < duration));

        return units / Math.Max(elapsed.TotalSeconds, 1e-9);
    }
}
