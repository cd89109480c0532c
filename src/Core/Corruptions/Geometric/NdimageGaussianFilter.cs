using System.Buffers;
using System.Runtime.CompilerServices;
using CloudFreq.Core.Corruptions.Blur;

namespace CloudFreq.Core.Corruptions.Geometric;

/// <summary>
/// scipy.ndimage.gaussian_filter on one 2-D plane, as skimage.filters.gaussian calls it: a
/// separable correlation (rows of axis 0 first, then axis 1) with weights exp(-x^2 / 2 sigma^2)
/// normalized to 1 over a radius of int(truncate * sigma + 0.5), in float64.
/// </summary>
internal static class NdimageGaussianFilter
{
    /// <summary>skimage.filters.gaussian's default truncation.</summary>
    public const double SkimageTruncate = 4.0;

    /// <summary>Filters <paramref name="plane"/> (height * width, row-major) in place.</summary>
    public static void Apply(Span<double> plane, int height, int width, double sigma, double truncate, NdimageBoundary boundary)
    {
        if (plane.Length != height * width)
        {
            throw new ArgumentException($"The plane needs {height * width} values.", nameof(plane));
        }

        // scipy leaves an axis untouched when its sigma is (nearly) zero.
        if (sigma <= 1e-15)
        {
            return;
        }

        var radius = (int)((truncate * sigma) + 0.5);
        var kernel = ArrayPool<double>.Shared.Rent((2 * radius) + 1);
        var copy = ArrayPool<double>.Shared.Rent(plane.Length);
        try
        {
            var weights = kernel.AsSpan(0, (2 * radius) + 1);
            FillWeights(weights, sigma, radius);
            var source = copy.AsSpan(0, plane.Length);

            // Axis 0: each column is one signal; whole rows are combined at once so it vectorizes.
            plane.CopyTo(source);
            FilterColumns(source, plane, height, width, weights, boundary);

            // Axis 1: each row is one signal.
            if (weights.Length <= width)
            {
                FilterRows(plane, height, width, weights, boundary);
            }
            else
            {
                // A kernel wider than the row folds onto few samples: filter the transpose by columns.
                Transpose(plane, source, height, width);
                var transposed = ArrayPool<double>.Shared.Rent(plane.Length);
                try
                {
                    var filtered = transposed.AsSpan(0, plane.Length);
                    FilterColumns(source, filtered, width, height, weights, boundary);
                    Transpose(filtered, plane, width, height);
                }
                finally
                {
                    ArrayPool<double>.Shared.Return(transposed);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(kernel);
            ArrayPool<double>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// Correlates along axis 0 from <paramref name="source"/> into <paramref name="destination"/>:
    /// each output row is a weighted sum of source rows, the taps folded by the boundary first so a
    /// kernel longer than the column touches each source row once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FilterColumns(ReadOnlySpan<double> source, Span<double> destination, int height, int width, ReadOnlySpan<double> weights, NdimageBoundary boundary)
    {
        var radius = weights.Length / 2;
        var foldedBuffer = ArrayPool<double>.Shared.Rent(height);
        var tapBuffer = ArrayPool<double>.Shared.Rent(height);
        var offsetBuffer = ArrayPool<int>.Shared.Rent(height);
        try
        {
            var folded = foldedBuffer.AsSpan(0, height);
            var tapWeights = tapBuffer.AsSpan(0, height);
            var offsets = offsetBuffer.AsSpan(0, height);
            folded.Clear();
            for (var y = 0; y < height; y++)
            {
                var (lowest, highest) = (height, -1);
                for (var k = 0; k < weights.Length; k++)
                {
                    var s = NdimageBoundaryIndex.Resolve(y + k - radius, height, boundary);
                    folded[s] += weights[k];
                    lowest = Math.Min(lowest, s);
                    highest = Math.Max(highest, s);
                }

                // The folded taps in ascending source row, summed in registers (Scale, then AddScaled, as before).
                var taps = 0;
                for (var s = lowest; s <= highest; s++)
                {
                    if (folded[s] != 0)
                    {
                        offsets[taps] = s * width;
                        tapWeights[taps++] = folded[s];
                        folded[s] = 0;
                    }
                }

                TapSums.Sum(source, offsets[..taps], tapWeights[..taps], fromZero: false, destination.Slice(y * width, width));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(foldedBuffer);
            ArrayPool<double>.Shared.Return(tapBuffer);
            ArrayPool<int>.Shared.Return(offsetBuffer);
        }
    }

    /// <summary>Correlates each row in place: the row is padded once, then each tap adds a shifted copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FilterRows(Span<double> plane, int height, int width, ReadOnlySpan<double> weights, NdimageBoundary boundary)
    {
        var radius = weights.Length / 2;
        var padded = ArrayPool<double>.Shared.Rent(width + (2 * radius));
        try
        {
            var line = padded.AsSpan(0, width + (2 * radius));
            Span<int> offsets = weights.Length <= 256 ? stackalloc int[weights.Length] : new int[weights.Length];
            for (var k = 0; k < offsets.Length; k++)
            {
                offsets[k] = k;
            }

            for (var y = 0; y < height; y++)
            {
                var row = plane.Slice(y * width, width);

                // Only the 2 * radius padding values need the boundary rule (weights.Length <= width here).
                row.CopyTo(line.Slice(radius, width));
                for (var i = 0; i < radius; i++)
                {
                    line[i] = row[NdimageBoundaryIndex.Resolve(i - radius, width, boundary)];
                    line[radius + width + i] = row[NdimageBoundaryIndex.Resolve(width + i, width, boundary)];
                }

                TapSums.Sum<double>(line, offsets, weights, fromZero: false, row);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(padded);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose(ReadOnlySpan<double> source, Span<double> destination, int height, int width)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                destination[(x * height) + y] = source[(y * width) + x];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillWeights(Span<double> weights, double sigma, int radius)
    {
        double sum = 0;
        for (var k = -radius; k <= radius; k++)
        {
            var weight = Math.Exp(-0.5 * k * k / (sigma * sigma));
            weights[k + radius] = weight;
            sum += weight;
        }

        foreach (ref var weight in weights)
        {
            weight /= sum;
        }
    }
}
