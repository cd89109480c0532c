namespace CloudFreq.Core.Frequency;

/// <summary>
/// Low-pass mask values (H * W, unshifted, in [0, 1]) of one filter shape at one cutoff c (fraction of
/// Nyquist). The DC bin is always 1, even at c = 0, so DC belongs to the low-pass part and the high-pass
/// complement 1 - M is zero there. Immutable, so one instance may be shared by any number of threads.
/// </summary>
public sealed class FrequencyMask
{
    private readonly float[] _values;
    private readonly Lazy<double[]> _interleaved;

    private FrequencyMask(FrequencyGrid grid, FilterShape shape, double cutoff, float[] values, FrequencyMaskKey key)
    {
        Grid = grid;
        Shape = shape;
        Cutoff = cutoff;
        _values = values;
        _interleaved = new(() => Interleave(values));
        Key = key;
    }

    public FrequencyGrid Grid { get; }

    public FilterShape Shape { get; }

    /// <summary>The cutoff the mask was built for (other cutoffs may give the same mask; see <see cref="Key"/>).</summary>
    public double Cutoff { get; }

    /// <summary>M for every bin, H * W row-major, unshifted.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>
    /// The mask with every value twice, in float64: applied with vector kernels to a spectrum viewed
    /// as interleaved (real, imaginary) doubles.
    /// </summary>
    public ReadOnlySpan<double> InterleavedValues => _interleaved.Value;

    private static double[] Interleave(float[] values)
    {
        var interleaved = new double[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            interleaved[2 * i] = values[i];
            interleaved[(2 * i) + 1] = values[i];
        }

        return interleaved;
    }

    public FrequencyMaskKey Key { get; }

    /// <summary>Builds the low-pass mask of <paramref name="shape"/> at <paramref name="cutoff"/> (fraction of Nyquist, &gt;= 0).</summary>
    public static FrequencyMask LowPass(FrequencyGrid grid, FilterShape shape, double cutoff)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var key = KeyFor(grid, shape, cutoff);
        var radii = grid.PreciseRadii;
        var values = new float[radii.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)LowPassValue(shape, radii[i], cutoff);
        }

        // Index 0 is the DC bin in unshifted order; pin it whatever rounding or c = 0 would give.
        values[0] = 1f;
        return new FrequencyMask(grid, shape, cutoff, values, key);
    }

    /// <summary>The key the mask at (shape, cutoff) would have, without building it.</summary>
    public static FrequencyMaskKey KeyFor(FrequencyGrid grid, FilterShape shape, double cutoff)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ValidateCutoff(cutoff);
        long discriminator = shape switch
        {
            FilterShape.Ideal => CountKeptBins(grid, cutoff),
            FilterShape.Gaussian or FilterShape.Butterworth => cutoff == 0 ? 0 : BitConverter.DoubleToInt64Bits(cutoff),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown filter shape."),
        };
        return new FrequencyMaskKey(shape, grid.Height, grid.Width, discriminator);
    }

    /// <summary>The low-pass transfer value at bin radius <paramref name="binRadius"/> (both in fractions of Nyquist).</summary>
    public static double LowPassValue(FilterShape shape, double binRadius, double cutoff)
    {
        if (binRadius == 0)
        {
            return 1.0;
        }

        switch (shape)
        {
            case FilterShape.Ideal:
                return binRadius <= cutoff + FrequencyGrid.RadiusTolerance ? 1.0 : 0.0;
            case FilterShape.Gaussian:
                if (cutoff == 0)
                {
                    return 0.0;
                }

                // exp(-r^2 / (2 (0.5 c)^2)) with r = 0.5 c_bin.
                return Math.Exp(-(binRadius * binRadius) / (2.0 * cutoff * cutoff));
            case FilterShape.Butterworth:
                if (cutoff == 0)
                {
                    return 0.0;
                }

                var ratio = binRadius / cutoff;
                var ratioSquared = ratio * ratio;
                return 1.0 / (1.0 + (ratioSquared * ratioSquared));
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown filter shape.");
        }
    }

    private static void ValidateCutoff(double cutoff)
    {
        if (!double.IsFinite(cutoff) || cutoff < 0)
        {
            throw new CloudFreqException(
                $"Frequency cutoff {cutoff} is not valid: cutoffs are fractions of Nyquist, finite and >= 0 (0 keeps only DC, sqrt(2) keeps every bin).");
        }
    }

    private static int CountKeptBins(FrequencyGrid grid, double cutoff)
    {
        var kept = 0;
        foreach (var c in grid.PreciseRadii)
        {
            if (c <= cutoff + FrequencyGrid.RadiusTolerance)
            {
                kept++;
            }
        }

        return kept;
    }
}
