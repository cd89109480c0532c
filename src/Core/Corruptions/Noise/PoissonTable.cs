using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MathNet.Numerics;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// The cumulative distribution of Poisson(rate) over rate +- (8 sqrt(rate) + 12), with a guide
/// table (Chen and Asau) so inversion of a uniform takes one or two comparisons.
/// </summary>
internal sealed class PoissonTable
{
    /// <summary>One lazily filled table per 8-bit level, per photon count (a handful of severities).</summary>
    private static readonly ConcurrentDictionary<double, PoissonTable?[]> Cache = new();

    private readonly int lowest;
    private readonly double below;
    private readonly double[] cumulative;
    private readonly int[] guide;

    public PoissonTable(double rate)
    {
        var spread = (8 * Math.Sqrt(rate)) + 12;
        lowest = (int)Math.Max(0, Math.Floor(rate - spread));
        var highest = (int)Math.Ceiling(rate + spread);

        // P(X < lowest) exactly, so the left cut moves no probability.
        below = lowest > 0 ? SpecialFunctions.GammaUpperRegularized(lowest, rate) : 0;
        cumulative = new double[highest - lowest + 1];
        var probability = Math.Exp((lowest * Math.Log(rate)) - rate - SpecialFunctions.GammaLn(lowest + 1));
        var sum = below;
        for (var j = 0; j < cumulative.Length; j++)
        {
            sum += probability;
            cumulative[j] = sum;
            probability *= rate / (lowest + j + 1);
        }

        guide = new int[cumulative.Length];
        var index = 0;
        for (var g = 0; g < guide.Length; g++)
        {
            var threshold = (double)g / guide.Length;
            while (index < cumulative.Length - 1 && cumulative[index] <= threshold)
            {
                index++;
            }

            guide[g] = index;
        }
    }

    /// <summary>The 256 tables (filled on first use) for <paramref name="photons"/>; races only build a table twice.</summary>
    public static PoissonTable?[] ForPhotons(double photons) => Cache.GetOrAdd(photons, _ => new PoissonTable?[256]);

    /// <summary>The smallest k with u &lt; P(X &lt;= k), or -1 where u falls in a tail outside the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(double u)
    {
        if (u < below)
        {
            return -1;
        }

        var j = guide[(int)(u * guide.Length)];
        var table = cumulative;
        while ((uint)j < (uint)table.Length && table[j] <= u)
        {
            j++;
        }

        return j < table.Length ? lowest + j : -1;
    }
}
