using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Analyses;

/// <summary>One worker's FFT plan and scratch for filtering and hybrids (not thread-safe).</summary>
internal sealed class FrequencyWorkspace(int height, int width)
{
    public Fft2D Fft { get; } = new(height, width);

    public SpectralFilter Filter { get; } = new(height, width);

    public HybridComposer Hybrid { get; } = new(height, width);

    public PrunedHybridComposer PrunedHybrid { get; } = new(height, width);
}
