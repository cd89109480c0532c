using System.Numerics;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// Accumulates, in float64, the power spectrum P = |FFT2(delta_c - mean(delta_c))|^2 of perturbation
/// planes over images and channels, with the DC bin excluded (kept at 0). Subtracting a channel's mean
/// changes only its DC bin, so the DC bin is zeroed rather than the mean subtracted. Partial sums from
/// several workers combine with <see cref="Merge"/>.
/// Not thread-safe (scratch plane, running sum): one instance per thread, merged at the end.
/// </summary>
public sealed class PowerSpectrumAccumulator
{
    private readonly double[] _sum;
    private readonly Complex[] _scratch;

    public PowerSpectrumAccumulator(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _sum = new double[height * width];
        _scratch = new Complex[height * width];
    }

    /// <summary>Restores an accumulator from a stored partial (its <see cref="Sum"/> and <see cref="Count"/>).</summary>
    public PowerSpectrumAccumulator(int height, int width, ReadOnlySpan<double> sum, long count)
        : this(height, width)
    {
        if (sum.Length != _sum.Length)
        {
            throw new ArgumentException($"Expected {height} x {width} = {_sum.Length} sums, got {sum.Length}.", nameof(sum));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        sum.CopyTo(_sum);
        Count = count;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>The number of channel planes added (images x channels): the divisor of <see cref="Mean"/>.</summary>
    public long Count { get; private set; }

    /// <summary>The running sum of P per bin (H * W, unshifted; DC is 0). The live array, not a copy.</summary>
    public double[] Sum => _sum;

    /// <summary>Adds every channel of one perturbation (CHW, <paramref name="shape"/>).</summary>
    public void Add(ReadOnlySpan<float> deltaChw, ImageShape shape, Fft2D fft)
    {
        ArgumentNullException.ThrowIfNull(fft);
        if (shape.Height != Height || shape.Width != Width || fft.Height != Height || fft.Width != Width)
        {
            throw new ArgumentException($"Accumulator {Height} x {Width}, perturbation {shape}, FFT {fft.Height} x {fft.Width}: all must agree.");
        }

        if (deltaChw.Length != shape.Length)
        {
            throw new ArgumentException($"Expected a {shape} perturbation ({shape.Length} values), got {deltaChw.Length}.", nameof(deltaChw));
        }

        var planeLength = _sum.Length;
        for (var c = 0; c < shape.Channels; c++)
        {
            fft.Forward(deltaChw.Slice(c * planeLength, planeLength), _scratch);
            for (var i = 1; i < planeLength; i++)
            {
                var value = _scratch[i];
                _sum[i] += (value.Real * value.Real) + (value.Imaginary * value.Imaginary);
            }
        }

        Count += shape.Channels;
    }

    /// <summary>Adds another accumulator's sums and count (float64) into this one.</summary>
    public void Merge(PowerSpectrumAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Height != Height || other.Width != Width)
        {
            throw new ArgumentException($"Cannot merge a {other.Height} x {other.Width} power spectrum into a {Height} x {Width} one.", nameof(other));
        }

        for (var i = 0; i < _sum.Length; i++)
        {
            _sum[i] += other._sum[i];
        }

        Count += other.Count;
    }

    /// <summary>Sum / Count per bin (H * W, unshifted); all zeros when nothing was added.</summary>
    public double[] Mean()
    {
        var mean = new double[_sum.Length];
        if (Count == 0)
        {
            return mean;
        }

        for (var i = 0; i < mean.Length; i++)
        {
            mean[i] = _sum[i] / Count;
        }

        return mean;
    }

    /// <summary>
    /// Radial cumulative power ratio at each cutoff c: the sum of P over bins with c_bin &lt;= c (r &lt;= 0.5 c)
    /// divided by the sum over all bins. NaN for every cutoff when the total power is 0.
    /// </summary>
    public static double[] RadialCumulativePowerRatio(ReadOnlySpan<double> power, FrequencyGrid grid, ReadOnlySpan<double> cutoffs)
    {
        ArgumentNullException.ThrowIfNull(grid);
        RequireGridLength(power, grid);
        var radii = grid.PreciseRadii;
        var total = 0.0;
        foreach (var p in power)
        {
            total += p;
        }

        var ratios = new double[cutoffs.Length];
        for (var k = 0; k < cutoffs.Length; k++)
        {
            if (total == 0)
            {
                ratios[k] = double.NaN;
                continue;
            }

            var inside = 0.0;
            for (var i = 0; i < power.Length; i++)
            {
                if (radii[i] <= cutoffs[k] + FrequencyGrid.RadiusTolerance)
                {
                    inside += power[i];
                }
            }

            ratios[k] = inside / total;
        }

        return ratios;
    }

    /// <summary>
    /// f0.5: the cutoff c (fraction of Nyquist) at which the radial cumulative power ratio reaches 0.5.
    /// The ratio R is evaluated at every distinct bin radius c_0 = 0 &lt; c_1 &lt; ... (R(c_k) = power over
    /// bins with c_bin &lt;= c_k / total); f0.5 is the first c_k with R(c_k) = 0.5 exactly, else the linear
    /// interpolation between the last radius with R &lt; 0.5 and the first with R &gt; 0.5.
    /// Null when the total power is 0.
    /// </summary>
    public static double? HalfPowerFrequency(ReadOnlySpan<double> power, FrequencyGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        RequireGridLength(power, grid);
        var distinct = grid.DistinctRadii;
        var radii = grid.PreciseRadii;

        // Power per distinct radius: bins are matched to their radius by binary search with the grid's tolerance.
        var powerAtRadius = new double[distinct.Length];
        var total = 0.0;
        for (var i = 0; i < power.Length; i++)
        {
            powerAtRadius[IndexOfRadius(distinct, radii[i])] += power[i];
            total += power[i];
        }

        if (total <= 0)
        {
            return null;
        }

        var previousRadius = 0.0;
        var previousRatio = 0.0;
        var cumulative = 0.0;
        for (var k = 0; k < distinct.Length; k++)
        {
            cumulative += powerAtRadius[k];
            var ratio = cumulative / total;
            if (ratio >= 0.5)
            {
                if (k == 0 || ratio == 0.5)
                {
                    return distinct[k];
                }

                return previousRadius + ((0.5 - previousRatio) / (ratio - previousRatio) * (distinct[k] - previousRadius));
            }

            previousRadius = distinct[k];
            previousRatio = ratio;
        }

        // Unreachable for a positive total (the last radius holds everything); kept for rounding.
        return distinct[^1];
    }

    /// <summary>fftshift: moves the DC bin to (h / 2, w / 2), as numpy.fft.fftshift does.</summary>
    public static double[] Shifted(ReadOnlySpan<double> power, int height, int width)
    {
        if (power.Length != height * width)
        {
            throw new ArgumentException($"Expected {height} x {width} = {height * width} values, got {power.Length}.", nameof(power));
        }

        var shifted = new double[power.Length];
        for (var y = 0; y < height; y++)
        {
            var shiftedRow = (y + (height / 2)) % height;
            for (var x = 0; x < width; x++)
            {
                shifted[(shiftedRow * width) + ((x + (width / 2)) % width)] = power[(y * width) + x];
            }
        }

        return shifted;
    }

    /// <summary>
    /// log10 of the shifted spectrum for display; values below <paramref name="floor"/> (the excluded DC
    /// bin, empty bins) are shown as log10(floor) rather than -infinity.
    /// </summary>
    public static double[] Log10Shifted(ReadOnlySpan<double> power, int height, int width, double floor = 1e-12)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(floor);
        var shifted = Shifted(power, height, width);
        for (var i = 0; i < shifted.Length; i++)
        {
            shifted[i] = Math.Log10(Math.Max(shifted[i], floor));
        }

        return shifted;
    }

    private static int IndexOfRadius(ReadOnlySpan<double> distinct, double radius)
    {
        var low = 0;
        var high = distinct.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (distinct[middle] <= radius + FrequencyGrid.RadiusTolerance)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    private static void RequireGridLength(ReadOnlySpan<double> power, FrequencyGrid grid)
    {
        if (power.Length != grid.Length)
        {
            throw new ArgumentException($"Expected {grid.Height} x {grid.Width} = {grid.Length} power values, got {power.Length}.", nameof(power));
        }
    }
}
