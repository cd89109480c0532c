using MathNet.Numerics.Statistics;

namespace CloudFreq.Core.Study;

/// <summary>A correlation between two measures across models, with its permutation p-value and, from 8 models on, a bootstrap interval.</summary>
/// <param name="N">Models with both values.</param>
/// <param name="Value">The coefficient; null when undefined (fewer than 3 models, or a constant measure).</param>
/// <param name="PValue">Two-sided permutation p-value: the share of pairings whose |r| is at least the observed |r|.</param>
/// <param name="ExactPValue">True when every pairing was enumerated (n &lt;= 8), false for a seeded Monte Carlo estimate.</param>
/// <param name="CiLow">Lower end of the 95% percentile bootstrap interval; null below 8 models.</param>
/// <param name="CiHigh">Upper end of the 95% percentile bootstrap interval; null below 8 models.</param>
public sealed record CorrelationResult(int N, double? Value, double? PValue, bool ExactPValue, double? CiLow, double? CiHigh);

/// <summary>
/// Statistics across models (DESIGN.md section 4, "Statistics across models"): Pearson and Spearman
/// coefficients from MathNet.Numerics, an exact (n &lt;= <see cref="MaxExactModels"/>) or seeded Monte Carlo
/// permutation p-value, and a seeded percentile bootstrap confidence interval only from
/// <see cref="MinBootstrapModels"/> models on. Spearman uses average ranks for ties, like scipy.
/// </summary>
public static class StudyStatistics
{
    /// <summary>Fewer models than this give no coefficient.</summary>
    public const int MinModels = 3;

    /// <summary>Up to this many models every pairing is enumerated (8! = 40,320).</summary>
    public const int MaxExactModels = 8;

    /// <summary>From this many models on a bootstrap interval is given.</summary>
    public const int MinBootstrapModels = 8;

    /// <summary>Random pairings of the Monte Carlo p-value.</summary>
    public const int MonteCarloPermutations = 9999;

    /// <summary>Bootstrap resamples.</summary>
    public const int BootstrapResamples = 2000;

    // Ties between |r| of a pairing and the observed |r| are decided with this tolerance (scipy uses a relative 1e-14).
    private const double Tolerance = 1e-12;

    public static CorrelationResult Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y, int seed) =>
        Correlate(x, y, seed, spearman: false);

    public static CorrelationResult Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y, int seed) =>
        Correlate(x, y, seed, spearman: true);

    /// <summary>The coefficient alone (MathNet.Numerics); null when fewer than 2 values or a constant input.</summary>
    public static double? Coefficient(IReadOnlyList<double> x, IReadOnlyList<double> y, bool spearman)
    {
        Check(x, y);
        if (x.Count < 2)
        {
            return null;
        }

        var r = spearman ? Correlation.Spearman(x, y) : Correlation.Pearson(x, y);
        return double.IsFinite(r) ? Math.Clamp(r, -1, 1) : null;
    }

    /// <summary>Least-squares line y = intercept + slope x; null when fewer than 2 points or x is constant.</summary>
    public static (double Intercept, double Slope)? FitLine(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        if (x.Count < 2 || x.All(v => v == x[0]))
        {
            return null;
        }

        var (intercept, slope) = MathNet.Numerics.Fit.Line([.. x], [.. y]);
        return double.IsFinite(intercept) && double.IsFinite(slope) ? (intercept, slope) : null;
    }

    private static CorrelationResult Correlate(IReadOnlyList<double> x, IReadOnlyList<double> y, int seed, bool spearman)
    {
        Check(x, y);
        var n = x.Count;
        var exact = n <= MaxExactModels;
        if (n < MinModels)
        {
            return new CorrelationResult(n, null, null, exact, null, null);
        }

        var value = Coefficient(x, y, spearman);
        if (value is null)
        {
            return new CorrelationResult(n, null, null, exact, null, null);
        }

        // Spearman is Pearson on average ranks, and ranks only move with the pairing: rank once.
        var a = spearman ? Ranks(x) : [.. x];
        var b = spearman ? Ranks(y) : [.. y];
        var p = exact ? ExactPValue(a, b, value.Value) : MonteCarloPValue(a, b, value.Value, seed);
        double? low = null, high = null;
        if (n >= MinBootstrapModels)
        {
            (low, high) = Bootstrap(x, y, spearman, seed);
        }

        return new CorrelationResult(n, value, p, exact, low, high);
    }

    private static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Paired measures need as many values each, got {x.Count} and {y.Count}.", nameof(y));
        }

        if (x.Any(v => !double.IsFinite(v)) || y.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Measures must be finite.", nameof(x));
        }
    }

    private static double[] Ranks(IReadOnlyList<double> values) =>
        Statistics.Ranks(values, RankDefinition.Average);

    // Pearson of a with b permuted, from the sum of products: the means and spreads do not move with the pairing.
    private sealed class PairingStatistic
    {
        private readonly double[] _a;
        private readonly double _meanA;
        private readonly double _meanB;
        private readonly double _scale;

        public PairingStatistic(double[] a, double[] b)
        {
            _a = a;
            _meanA = a.Average();
            _meanB = b.Average();
            var ssa = a.Sum(v => (v - _meanA) * (v - _meanA));
            var ssb = b.Sum(v => (v - _meanB) * (v - _meanB));
            _scale = Math.Sqrt(ssa * ssb);
        }

        public double AbsR(double[] b)
        {
            var sum = 0.0;
            for (var i = 0; i < _a.Length; i++)
            {
                sum += (_a[i] - _meanA) * (b[i] - _meanB);
            }

            return Math.Abs(sum / _scale);
        }
    }

    private static double ExactPValue(double[] a, double[] b, double observed)
    {
        var statistic = new PairingStatistic(a, b);
        var threshold = Math.Abs(observed) - Tolerance;
        var permuted = (double[])b.Clone();
        long extreme = 0, total = 0;

        // Heap's algorithm: every permutation of b exactly once, the identity included.
        var n = permuted.Length;
        var c = new int[n];
        Count();
        var i = 0;
        while (i < n)
        {
            if (c[i] < i)
            {
                var j = i % 2 == 0 ? 0 : c[i];
                (permuted[j], permuted[i]) = (permuted[i], permuted[j]);
                Count();
                c[i]++;
                i = 0;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }

        return (double)extreme / total;

        void Count()
        {
            total++;
            if (statistic.AbsR(permuted) >= threshold)
            {
                extreme++;
            }
        }
    }

    private static double MonteCarloPValue(double[] a, double[] b, double observed, int seed)
    {
        var statistic = new PairingStatistic(a, b);
        var threshold = Math.Abs(observed) - Tolerance;
        var random = new Random(seed);
        var permuted = (double[])b.Clone();
        var extreme = 0;
        for (var k = 0; k < MonteCarloPermutations; k++)
        {
            random.Shuffle(permuted);
            if (statistic.AbsR(permuted) >= threshold)
            {
                extreme++;
            }
        }

        // The observed pairing counts as one of the pairings, so p is never 0 (Phipson and Smyth 2010).
        return (extreme + 1.0) / (MonteCarloPermutations + 1.0);
    }

    private static (double? Low, double? High) Bootstrap(IReadOnlyList<double> x, IReadOnlyList<double> y, bool spearman, int seed)
    {
        var random = new Random(unchecked((seed * 7919) + (spearman ? 1 : 2)));
        var n = x.Count;
        var xs = new double[n];
        var ys = new double[n];
        var values = new List<double>(BootstrapResamples);
        for (var k = 0; k < BootstrapResamples; k++)
        {
            for (var i = 0; i < n; i++)
            {
                var pick = random.Next(n);
                xs[i] = x[pick];
                ys[i] = y[pick];
            }

            // A resample with a constant measure has no coefficient; it is left out.
            if (Coefficient(xs, ys, spearman) is { } r)
            {
                values.Add(r);
            }
        }

        if (values.Count < BootstrapResamples / 2)
        {
            return (null, null);
        }

        values.Sort();
        return (Quantile(values, 0.025), Quantile(values, 0.975));
    }

    // Linear interpolation between order statistics (numpy's default percentile).
    private static double Quantile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
