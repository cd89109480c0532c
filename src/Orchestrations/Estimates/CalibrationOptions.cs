namespace CloudFreq.Orchestrations.Estimates;

/// <summary>How long <see cref="ModelCalibrator"/> times each model: bounded, so a dry run stays a few seconds per model.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Timing per pass kind (forward, gradient) and model, after one warm-up batch; zero skips timing.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Timed batches per pass kind at least (when <see cref="Duration"/> is not zero), so one slow batch is not the whole figure.</summary>
    public int MinBatches { get; init; } = 2;

    /// <summary>Timed batches per pass kind at most: tiny models reach it far below <see cref="Duration"/>.</summary>
    public int MaxBatches { get; init; } = 200;

    /// <summary>Seeds the random images and labels that are timed (their values do not change the time of a dense model).</summary>
    public int Seed { get; init; } = 12345;

    public void Validate()
    {
        if (Duration < TimeSpan.Zero || Duration > TimeSpan.FromMinutes(10))
        {
            throw new Core.CloudFreqException($"calibration: the duration must be between 0 and 600 seconds, got {Duration.TotalSeconds} s.");
        }

        if (MinBatches < 1 || MaxBatches < MinBatches)
        {
            throw new Core.CloudFreqException($"calibration: need 1 <= MinBatches <= MaxBatches, got {MinBatches} and {MaxBatches}.");
        }
    }
}
