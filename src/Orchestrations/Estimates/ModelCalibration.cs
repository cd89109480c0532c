namespace CloudFreq.Orchestrations.Estimates;

/// <summary>What timing one model measured (<see cref="ModelCalibrator"/>).</summary>
/// <param name="BatchSize">Images per inference call, as the executor will use them.</param>
/// <param name="ClassCount">The model's outputs (APGD-T's targets depend on it).</param>
/// <param name="SetupSeconds">Session creation and the warm-up calls (gradient graph built, when timed): paid once per model by a run.</param>
/// <param name="ForwardImagesPerSecond">Forward passes per second over full batches; null when timing was skipped.</param>
/// <param name="GradientImagesPerSecond">Loss-gradient evaluations per second over full batches; null when the plan needs none or timing was skipped.</param>
public sealed record ModelCalibration(
    string Model,
    int BatchSize,
    int ClassCount,
    double SetupSeconds,
    double? ForwardImagesPerSecond,
    double? GradientImagesPerSecond)
{
    /// <summary>
    /// Top-1 accuracy on an evenly spread sample of the run's dataset, measured when the plan attacks: attacks
    /// skip the images the model gets wrong, so only this share of the attack passes is expected. Null when not measured.
    /// </summary>
    public double? SampleAccuracy { get; init; }

    /// <summary>
    /// Seconds of <paramref name="passes"/> when only <see cref="SampleAccuracy"/> of the images in
    /// <paramref name="attackPasses"/> (a part of them) are attacked; all of them when accuracy was not measured.
    /// </summary>
    public double? ExpectedSeconds(Core.Scoring.PassCount passes, Core.Scoring.PassCount attackPasses)
    {
        var skipped = 1 - (SampleAccuracy ?? 1);
        return Seconds(new Core.Scoring.PassCount(
            passes.Forward - (long)Math.Round(attackPasses.Forward * skipped),
            passes.Backward - (long)Math.Round(attackPasses.Backward * skipped)));
    }

    /// <summary>Seconds <paramref name="passes"/> take at the measured rates; null when a needed rate is unknown.</summary>
    public double? Seconds(Core.Scoring.PassCount passes)
    {
        double seconds = 0;
        if (passes.Forward > 0)
        {
            if (ForwardImagesPerSecond is not { } forward)
            {
                return null;
            }

            seconds += passes.Forward / forward;
        }

        if (passes.Backward > 0)
        {
            if (GradientImagesPerSecond is not { } gradient)
            {
                return null;
            }

            seconds += passes.Backward / gradient;
        }

        return seconds;
    }
}
