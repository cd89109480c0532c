using CloudFreq.Core.AdditiveNoise;

namespace CloudFreq.Core.Analyses;

/// <summary>One family of a noise sweep and its levels, ascending.</summary>
public sealed record NoiseSweepFamily(NoiseFamily Family, IReadOnlyList<double> Levels)
{
    public string Name => NoiseFamilies.Of(Family);
}
