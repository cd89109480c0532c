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
