using System.Runtime.CompilerServices;
using CloudFreq.Core.Corruptions.Draws;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// MathNet.Numerics' Normal.Sample(random, mean, sd) (5.0: Marsaglia's polar method, the first of
/// each accepted pair kept), draw for draw and bit for bit, over <see cref="IUniformDraws"/> so that a
/// seeded Random's draws can run inline (<see cref="CompatRandom"/>).
/// </summary>
internal static class PolarNormal
{
    /// <summary>Fills <paramref name="values"/> with (float)Normal.Sample(random, mean, sd), in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill<TDraws>(ref TDraws draws, Span<float> values, double mean, double standardDeviation)
        where TDraws : struct, IUniformDraws
    {
        ArgumentOutOfRangeException.ThrowIfNegative(standardDeviation);

        // Uniforms come in bulk (a generator's turns vectorize), never more than the rest needs:
        // every remaining value takes at least one pair, and pairs are used whole.
        Span<double> uniforms = stackalloc double[512];
        var (next, available) = (0, 0);
        var local = draws;
        for (var i = 0; i < values.Length; i++)
        {
            double x;
            while (true)
            {
                if (next == available)
                {
                    available = Math.Min(2 * (values.Length - i), uniforms.Length);
                    local.Fill(uniforms[..available]);
                    next = 0;
                }

                // PolarTransform(NextDouble(), NextDouble()): the arguments are drawn left to right.
                var v1 = (2.0 * uniforms[next]) - 1.0;
                var v2 = (2.0 * uniforms[next + 1]) - 1.0;
                next += 2;
                var r = (v1 * v1) + (v2 * v2);
                if (r >= 1.0 || r == 0.0)
                {
                    continue;
                }

                x = v1 * Math.Sqrt(-2.0 * Math.Log(r) / r);
                break;
            }

            values[i] = (float)(mean + (standardDeviation * x));
        }

        draws = local;
    }
}
