namespace CloudFreq.Core.Frequency;

/// <summary>
/// The radial frequency of every bin of an H x W DFT in unshifted (fftfreq) order, as a fraction of
/// Nyquist: c = r / 0.5 with r = sqrt(fx^2 + fy^2) cycles/pixel and fx, fy = k/N wrapped to [-0.5, 0.5).
/// Immutable, so one instance may be shared by any number of threads.
/// </summary>
public sealed class FrequencyGrid
{
    private readonly double[] _preciseRadii;
    private readonly float[] _radii;
    private readonly double[] _distinctRadii;

    public FrequencyGrid(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _preciseRadii = new double[height * width];
        _radii = new float[height * width];
        for (var y = 0; y < height; y++)
        {
            var fy = FftFrequency(y, height);
            for (var x = 0; x < width; x++)
            {
                var fx = FftFrequency(x, width);
                var c = 2.0 * Math.Sqrt((fx * fx) + (fy * fy));
                _preciseRadii[(y * width) + x] = c;
                _radii[(y * width) + x] = (float)c;
            }
        }

        var sorted = (double[])_preciseRadii.Clone();
        Array.Sort(sorted);
        var distinct = new List<double>();
        foreach (var c in sorted)
        {
            // Bins whose radii differ only by rounding (same r from different (fx, fy)) are one radius.
            if (distinct.Count == 0 || c - distinct[^1] > RadiusTolerance)
            {
                distinct.Add(c);
            }
        }

        _distinctRadii = [.. distinct];
    }

    /// <summary>
    /// Cutoffs are compared with bin radii allowing this much slack, so that a cutoff equal to a bin's
    /// radius up to rounding (for example c = 0.25 at 32 px) keeps that bin.
    /// </summary>
    public const double RadiusTolerance = 1e-9;

    public int Height { get; }

    public int Width { get; }

    /// <summary>H * W.</summary>
    public int Length => Height * Width;

    /// <summary>c of every bin (H * W, row-major, unshifted), in float32.</summary>
    public ReadOnlySpan<float> Radii => _radii;

    /// <summary>c of every bin in float64, the values masks and power ratios are computed from.</summary>
    public ReadOnlySpan<double> PreciseRadii => _preciseRadii;

    /// <summary>Every distinct bin radius c in ascending order, starting with 0 (the DC bin).</summary>
    public ReadOnlySpan<double> DistinctRadii => _distinctRadii;

    /// <summary>c (fraction of Nyquist) of bin (y, x) in unshifted order.</summary>
    public float Radius(int y, int x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        return _radii[(y * Width) + x];
    }

    /// <summary>numpy.fft.fftfreq(n)[k]: k/n for k &lt;= (n-1)/2, else (k-n)/n.</summary>
    public static double FftFrequency(int k, int n) => (k <= (n - 1) / 2 ? k : k - n) / (double)n;
}
