namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// How long <see cref="ModelCalibrator"/> times each model and <see cref="TransformCalibrator"/> each transform
/// family: bounded, so a dry run stays a few seconds per model and family.
/// </summary>
public sealed record CalibrationOptions
{
    /// <summary>Timing per pass kind (forward, gradient) and model, after one warm-up batch; zero skips timing.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Timed batches per pass kind at least (when <see cref="Duration"/> is not zero), so one slow batch is not the whole figure.</summary>
    public int MinBatches { get; init; } = 2;

    /// <summary>Timed batches per pass kind at most: tiny models reach it far below <see cref="Duration"/>.</summary>
    public int MaxBatches { get; init; } = 200;

    /// <summary>Timing per transform family and image size, after one warm-up batch; zero skips timing.</summary>
    public TimeSpan TransformDuration { get; init; } = TimeSpan.FromSeconds(0.25);

    /// <summary>
    /// Running every transform family in turn, untimed, before timing any (<see cref="TransformCalibrator"/>):
    /// long enough for .NET to swap in optimized code, as it has early in a run.
    /// </summary>
    public TimeSpan TransformWarmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest warm-up of the transform families, even while some still get faster.</summary>
    public TimeSpan TransformWarmupLimit { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Warm-up batches per transform family at least, however long they take: a slow family (shot noise runs a
    /// Poisson loop per pixel) needs as many calls as a fast one before its optimized code is in place.
    /// </summary>
    public int TransformWarmupRounds { get; init; } = 4;

    /// <summary>Images per timed transform batch: enough to spread over the cores, a multiple of the 5 severities.</summary>
    public int TransformBatchSize { get; init; } = 40;

    /// <summary>Images of the dataset scored to learn the share an attack will attack (only correctly classified images are); 0 assumes all.</summary>
    public int AccuracySampleImages { get; init; } = 256;

    /// <summary>Seeds the random images and labels that are timed (their values do not change the time of a dense model).</summary>
    public int Seed { get; init; } = 12345;

    public void Validate()
    {
        if (Duration < TimeSpan.Zero || Duration > TimeSpan.FromMinutes(10))
        {
            throw new Core.CloudFreqException($"calibration: the duration must be between 0 and 600 seconds, got {Duration.TotalSeconds} s.");
        }

        if (TransformDuration < TimeSpan.Zero || TransformDuration > TimeSpan.FromMinutes(10))
        {
            throw new Core.CloudFreqException($"calibration: the transform duration must be between 0 and 600 seconds, got {TransformDuration.TotalSeconds} s.");
        }

        if (TransformWarmup < TimeSpan.Zero || TransformWarmup > TimeSpan.FromMinutes(10))
        {
            throw new Core.CloudFreqException($"calibration: the transform warm-up must be between 0 and 600 seconds, got {TransformWarmup.TotalSeconds} s.");
        }

        if (TransformWarmupLimit < TransformWarmup)
        {
            throw new Core.CloudFreqException($"calibration: the transform warm-up limit ({TransformWarmupLimit.TotalSeconds} s) is below the warm-up ({TransformWarmup.TotalSeconds} s).");
        }

        if (TransformBatchSize < 1)
        {
            throw new Core.CloudFreqException($"calibration: the transform batch must hold at least one image, got {TransformBatchSize}.");
        }

        if (AccuracySampleImages < 0)
        {
            throw new Core.CloudFreqException($"calibration: the accuracy sample cannot be negative, got {AccuracySampleImages} images.");
        }

        if (MinBatches < 1 || MaxBatches < MinBatches)
        {
            throw new Core.CloudFreqException($"calibration: need 1 <= MinBatches <= MaxBatches, got {MinBatches} and {MaxBatches}.");
        }
    }
}
