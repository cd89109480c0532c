using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// shot_noise's exact Poisson inversion for the 256 8-bit levels at one photon count, the levels'
/// <see cref="PoissonTable"/>s laid end to end in three flat arrays (guides, cumulative
/// probabilities, outputs min(k / photons, 1) as float32) so a draw follows few dependent loads
/// and divides nothing. Built once per photon count.
/// </summary>
internal sealed class ShotNoiseSampler
{
    public const int Levels = 256;

    private static readonly ConcurrentDictionary<double, ShotNoiseSampler> Cache = new();

    private readonly Segment[] segments = new Segment[Levels];
    private readonly int[] guides;
    private readonly double[] cumulative;
    private readonly float[] outputs;

    private ShotNoiseSampler(double photons)
    {
        // Level 0 never samples (numpy's poisson(0) is 0); its empty segment rejects every draw.
        var tables = new PoissonTable?[Levels];
        var (guideTotal, entryTotal) = (0, 1);
        for (var level = 1; level < Levels; level++)
        {
            // The rate as the pixel loop computes it: the float32 level times photons, in float64.
            var table = tables[level] = new PoissonTable((level / 255f) * photons);
            guideTotal += table.Guide.Length;
            entryTotal += table.Length + 1;
        }

        guides = new int[guideTotal];
        cumulative = new double[entryTotal];
        outputs = new float[entryTotal];
        cumulative[0] = double.PositiveInfinity;
        segments[0] = new Segment(double.PositiveInfinity, 0, 0, 0);
        var (guideStart, entryStart) = (0, 1);
        for (var level = 1; level < Levels; level++)
        {
            var table = tables[level]!;
            for (var g = 0; g < table.Guide.Length; g++)
            {
                guides[guideStart + g] = entryStart + table.Guide[g];
            }

            for (var j = 0; j < table.Length; j++)
            {
                cumulative[entryStart + j] = table.Cumulative[j];
                outputs[entryStart + j] = (float)Math.Min((table.Lowest + j) / photons, 1.0);
            }

            // +infinity after each segment ends every walk inside it.
            cumulative[entryStart + table.Length] = double.PositiveInfinity;
            segments[level] = new Segment(table.Below, guideStart, table.Guide.Length, entryStart + table.Length);
            guideStart += table.Guide.Length;
            entryStart += table.Length + 1;
        }
    }

    /// <summary>The sampler for <paramref name="photons"/>, built on first use; races only build it twice.</summary>
    public static ShotNoiseSampler ForPhotons(double photons) => Cache.GetOrAdd(photons, static p => new ShotNoiseSampler(p));

    /// <summary>
    /// The output for a value on 8-bit <paramref name="level"/> (1..255) and uniform <paramref name="u"/>,
    /// as <see cref="PoissonTable.Sample"/> inverts it; false where u falls in a tail outside the table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TrySample(int level, double u, out float output)
    {
        var segment = segments[level];
        if (u < segment.Below)
        {
            output = 0;
            return false;
        }

        // The walk of PoissonTable.SampleIndex: two branchless steps, then a loop for longer walks.
        ref var table = ref MemoryMarshal.GetArrayDataReference(cumulative);
        var j = guides[segment.GuideStart + (int)(u * segment.GuideLength)];
        j += Unsafe.Add(ref table, j) <= u ? 1 : 0;
        j += Unsafe.Add(ref table, j) <= u ? 1 : 0;
        while (Unsafe.Add(ref table, j) <= u)
        {
            j++;
        }

        output = outputs[j];
        return j < segment.End;
    }

    /// <summary>One level's place in the flat arrays; End is the index of its +infinity sentinel.</summary>
    private readonly record struct Segment(double Below, int GuideStart, int GuideLength, int End);
}
