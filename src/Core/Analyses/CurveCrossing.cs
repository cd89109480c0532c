namespace CloudFreq.Core.Analyses;

/// <summary>Where a sampled curve first crosses a level, by linear interpolation.</summary>
public static class CurveCrossing
{
    /// <summary>
    /// The first x at which y crosses <paramref name="level"/> between consecutive samples (x ascending);
    /// a sample exactly on the level counts. Null when the curve never reaches the level.
    /// </summary>
    public static double? First(IReadOnlyList<double> x, IReadOnlyList<double> y, double level)
    {
        if (x.Count != y.Count)
        {
            throw new ArgumentException("x and y differ in length.", nameof(y));
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (y[i] == level)
            {
                return x[i];
            }

            if (i + 1 < x.Count && (y[i] - level) * (y[i + 1] - level) < 0)
            {
                var t = (level - y[i]) / (y[i + 1] - y[i]);
                return x[i] + (t * (x[i + 1] - x[i]));
            }
        }

        return null;
    }
}
