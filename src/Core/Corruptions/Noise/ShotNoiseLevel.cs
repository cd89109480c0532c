using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// shot_noise's sampler for one 8-bit level at one photon count: the level's Poisson table and each
/// outcome's output min(k / photons, 1) as float32, computed once instead of a division per value.
/// </summary>
internal sealed class ShotNoiseLevel
{
    /// <summary>One lazily filled array of 256 levels per photon count (a handful of severities).</summary>
    private static readonly ConcurrentDictionary<double, ShotNoiseLevel?[]> Cache = new();

    private readonly PoissonTable table;
    private readonly float[] outputs;

    public ShotNoiseLevel(double rate, double photons)
    {
        table = new PoissonTable(rate);
        outputs = new float[table.Length];
        for (var j = 0; j < outputs.Length; j++)
        {
            outputs[j] = (float)Math.Min((table.Lowest + j) / photons, 1.0);
        }
    }

    /// <summary>The 256 levels (filled on first use) for <paramref name="photons"/>; races only build a level twice.</summary>
    public static ShotNoiseLevel?[] ForPhotons(double photons) => Cache.GetOrAdd(photons, _ => new ShotNoiseLevel?[256]);

    /// <summary>The output for uniform <paramref name="u"/>; false where u falls in a tail outside the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TrySample(double u, out float output)
    {
        var j = table.SampleIndex(u);
        output = j >= 0 ? outputs[j] : 0;
        return j >= 0;
    }
}
