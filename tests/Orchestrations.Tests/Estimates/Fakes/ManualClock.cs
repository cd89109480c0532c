namespace CloudFreq.Orchestrations.Tests.Estimates.Fakes;

/// <summary>A clock that moves only when told: calibration arithmetic tested without real time.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
