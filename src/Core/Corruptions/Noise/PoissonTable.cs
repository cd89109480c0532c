using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MathNet.Numerics;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// The cumulative distribution of Poisson(rate) over rate +- (8 sqrt(rate) + 12), with a guide
/// table (Chen and Asau) so inversion of a uniform takes one or two comparisons.
/// </summary>
internal sealed class PoissonTable
{
    private readonly int lowest;
    private readonly double below;

    /// <summary>P(X &lt;= lowest + j) for each table entry j, then +infinity: the search stops there without a bounds test.</summary>
    private readonly double[] cumulative;
    private readonly int[] guide;

    public PoissonTable(double rate)
    {
        var spread = (8 * Math.Sqrt(rate)) + 12;
        lowest = (int)Math.Max(0, Math.Floor(rate - spread));
        var highest = (int)Math.Ceiling(rate + spread);

        // P(X < lowest) exactly, so the left cut moves no probability.
        below = lowest > 0 ? SpecialFunctions.GammaUpperRegularized(lowest, rate) : 0;
        Length = highest - lowest + 1;
        cumulative = new double[Length + 1];
        var probability = Math.Exp((lowest * Math.Log(rate)) - rate - SpecialFunctions.GammaLn(lowest + 1));
        var sum = below;
        for (var j = 0; j < Length; j++)
        {
            sum += probability;
            cumulative[j] = sum;
            probability *= rate / (lowest + j + 1);
        }

        cumulative[Length] = double.PositiveInfinity;
        guide = new int[Length];
        var index = 0;
        for (var g = 0; g < guide.Length; g++)
        {
            var threshold = (double)g / guide.Length;
            while (index < Length - 1 && cumulative[index] <= threshold)
            {
                index++;
            }

            guide[g] = index;
        }
    }

    /// <summary>The smallest outcome in the table.</summary>
    public int Lowest => lowest;

    /// <summary>P(X &lt; <see cref="Lowest"/>): uniforms below it fall in the left tail.</summary>
    public double Below => below;

    /// <summary>P(X &lt;= Lowest + j) for each entry j.</summary>
    public ReadOnlySpan<double> Cumulative => cumulative.AsSpan(0, Length);

    /// <summary>Where the walk for a uniform u starts: entry guide[(int)(u * Guide.Length)].</summary>
    public ReadOnlySpan<int> Guide => guide;

    /// <summary>How many outcomes (Lowest, Lowest + 1, ...) the table holds.</summary>
    public int Length { get; }

    /// <summary>The smallest k with u &lt; P(X &lt;= k), or -1 where u falls in a tail outside the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Sample(double u)
    {
        var j = SampleIndex(u);
        return j >= 0 ? lowest + j : -1;
    }

    /// <summary>k - <see cref="Lowest"/> for <see cref="Sample"/>'s k, or -1 where u falls in a tail outside the table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SampleIndex(double u)
    {
        if (u < below)
        {
            return -1;
        }

        // u is in [0, 1), so the guide index is in range; the +infinity sentinel ends the walk. The
        // first two steps are taken without branches (the walk is mostly that short, and a branch
        // on u mispredicts often); the loop finishes longer walks.
        ref var table = ref MemoryMarshal.GetArrayDataReference(cumulative);
        var j = guide[(int)(u * guide.Length)];
        j += Unsafe.Add(ref table, j) <= u ? 1 : 0;
        j += Unsafe.Add(ref table, j) <= u ? 1 : 0;
        while (Unsafe.Add(ref table, j) <= u)
        {
            j++;
        }

        return j < Length ? j : -1;
    }
}
