namespace CloudFreq.Core.Attacks;

/// <summary>
/// The Square attack's fixed ingredients (Andriushchenko et al. 2020, reference code): the
/// piecewise-constant schedule of p and the L2 attack's pseudo-Gaussian square pattern.
/// </summary>
internal static class SquareSchedule
{
    /// <summary>
    /// Fraction of pixels changed at <paramref name="iteration"/> (0-based) of
    /// <paramref name="queries"/>: p_init halved at iterations 10, 50, 200, 500, 1000, 2000, 4000,
    /// 6000 and 8000 of a 10000-query run, the run rescaled to 10000 as the reference does.
    /// </summary>
    public static double P(double pInit, int iteration, int queries)
    {
        var it = (int)((double)iteration / queries * 10000);
        ReadOnlySpan<int> bounds = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000, 10000];
        for (var k = 0; k < bounds.Length - 1; k++)
        {
            if (it > bounds[k] && it <= bounds[k + 1])
            {
                return pInit / (2 << k);
            }
        }

        return pInit;
    }

    /// <summary>
    /// The s x s pattern (row-major) of the L2 attack: two stacked rectangles of opposite sign, each
    /// a sum of centred boxes weighted 1/(r+1)^2, the whole of unit L2 norm.
    /// </summary>
    public static double[] MetaPattern(int s)
    {
        var pattern = new double[s * s];
        var top = s / 2;
        AddRectangles(pattern, s, 0, top, 1.0);
        AddRectangles(pattern, s, top, s - top, -1.0);
        Normalize(pattern);
        return pattern;
    }

    /// <summary>Writes the pseudo-Gaussian rectangle of <paramref name="rows"/> x s into rows [first, first+rows) of the pattern, times sign.</summary>
    private static void AddRectangles(double[] pattern, int s, int first, int rows, double sign)
    {
        if (rows == 0)
        {
            return;
        }

        var block = new double[rows * s];
        var centreRow = rows / 2 + 1;
        var centreCol = s / 2 + 1;
        var r0 = centreRow - 1;
        var c0 = centreCol - 1;
        for (var counter = 0; counter < Math.Max(centreRow, centreCol); counter++)
        {
            var weight = 1.0 / ((counter + 1.0) * (counter + 1.0));
            for (var r = Math.Max(r0, 0); r < Math.Min(r0 + 2 * counter + 1, rows); r++)
            {
                for (var c = Math.Max(c0, 0); c < Math.Min(c0 + 2 * counter + 1, s); c++)
                {
                    block[r * s + c] += weight;
                }
            }

            r0--;
            c0--;
        }

        Normalize(block);
        for (var k = 0; k < block.Length; k++)
        {
            pattern[first * s + k] = sign * block[k];
        }
    }

    private static void Normalize(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v * v;
        }

        if (sum > 0)
        {
            var scale = 1.0 / Math.Sqrt(sum);
            for (var k = 0; k < values.Length; k++)
            {
                values[k] *= scale;
            }
        }
    }
}
