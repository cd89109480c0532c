using System.Buffers;
using System.Numerics.Tensors;

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
        var padded = ArrayPool<double>.Shared.Rent(Math.Max(height, width) + (2 * radius));
        try
        {
            var weights = kernel.AsSpan(0, (2 * radius) + 1);
            FillWeights(weights, sigma, radius);

            // Axis 0: each column is one signal.
            for (var x = 0; x < width; x++)
            {
                var line = padded.AsSpan(0, height + (2 * radius));
                for (var i = 0; i < line.Length; i++)
                {
                    line[i] = plane[(NdimageBoundaryIndex.Resolve(i - radius, height, boundary) * width) + x];
                }

                for (var y = 0; y < height; y++)
                {
                    plane[(y * width) + x] = TensorPrimitives.Dot(line.Slice(y, weights.Length), weights);
                }
            }

            // Axis 1: each row is one signal.
            for (var y = 0; y < height; y++)
            {
                var row = plane.Slice(y * width, width);
                var line = padded.AsSpan(0, width + (2 * radius));
                for (var i = 0; i < line.Length; i++)
                {
                    line[i] = row[NdimageBoundaryIndex.Resolve(i - radius, width, boundary)];
                }

                for (var x = 0; x < width; x++)
                {
                    row[x] = TensorPrimitives.Dot(line.Slice(x, weights.Length), weights);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(kernel);
            ArrayPool<double>.Shared.Return(padded);
        }
    }

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
