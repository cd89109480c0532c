namespace CloudFreq.Orchestrations.Estimates;

/// <summary>What timing one transform family measured (<see cref="TransformCalibrator"/>).</summary>
/// <param name="Family">The family's name (<see cref="Core.Costs.ITransformFamily.Name"/>).</param>
/// <param name="Shape">The image size it was timed at.</param>
/// <param name="Dataset">The dataset whose files were read, for a family that reads them (decoding); otherwise null.</param>
/// <param name="TransformsPerSecond">Images transformed per second on all cores; null when timing was skipped.</param>
public sealed record TransformCalibration(string Family, string Shape, string? Dataset, double? TransformsPerSecond)
{
    /// <summary>Seconds <paramref name="count"/> transforms take at the measured rate; null when not timed.</summary>
    public double? Seconds(long count) => count == 0 ? 0 : count / TransformsPerSecond;
}
