namespace CloudFreq.Core.Frequency;

/// <summary>
/// One hybrid's sources for <see cref="PrunedHybridComposer"/>: the low-frequency source A, the
/// high-frequency source B (both CHW) and the spectrum of A - B (<see cref="ImageSpectrum.ComputeDifference"/>).
/// </summary>
public readonly ref struct HybridSource(ReadOnlySpan<float> low, ReadOnlySpan<float> high, ImageSpectrum difference)
{
    /// <summary>A, CHW.</summary>
    public ReadOnlySpan<float> Low { get; } = low;

    /// <summary>B, CHW.</summary>
    public ReadOnlySpan<float> High { get; } = high;

    /// <summary>F(A) - F(B), per channel.</summary>
    public ImageSpectrum Difference { get; } = difference;
}
