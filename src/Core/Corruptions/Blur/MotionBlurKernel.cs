using System.Collections.Immutable;
using System.Numerics.Tensors;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// ImageMagick's motion blur (MagickCore/effect.c, MotionBlurImage), which Wand's motion_blur runs
/// for motion_blur and for snow's flakes: 2 ceil(radius) + 1 taps weighted exp(-i^2 / 2 sigma^2),
/// i = 0, 1, ..., normalized to sum 1. The kernel is ONE-SIDED: tap i reads the pixel i steps
/// along the angle (rounded per axis: ceil(i cos - 0.5), ceil(i sin - 0.5)), so the blur trails
/// the direction of the angle; pixels beyond the edge repeat the edge (ImageMagick's default
/// virtual-pixel method).
/// </summary>
internal sealed class MotionBlurKernel
{
    private const double MagickEpsilon = 1e-12;

    public MotionBlurKernel(double radius, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radius);
        var width = (int)((2.0 * Math.Ceiling(radius)) + 1.0);
        var magickSigma = Math.Abs(sigma) < MagickEpsilon ? MagickEpsilon : sigma;
        var weights = new double[width];
        for (var i = 0; i < width; i++)
        {
            weights[i] = Math.Exp(-((double)i * i) / (2.0 * magickSigma * magickSigma)) / (Math.Sqrt(2 * Math.PI) * magickSigma);
        }

        var sum = weights.Sum();
        Weights = [.. weights.Select(w => (float)(w / sum))];
    }

    /// <summary>Tap weights, tap 0 (the pixel itself) first.</summary>
    public ImmutableArray<float> Weights { get; }

    public int Width => Weights.Length;

    /// <summary>Where tap i reads, relative to the output pixel, for the angle in degrees (0 = +x, 90 = +y, down).</summary>
    public void Offsets(double angleDegrees, Span<int> dx, Span<int> dy)
    {
        var radians = Math.PI * angleDegrees / 180.0;
        var pointX = Width * Math.Sin(radians);
        var pointY = Width * Math.Cos(radians);
        var length = double.Hypot(pointX, pointY);
        for (var i = 0; i < Width; i++)
        {
            dx[i] = (int)Math.Ceiling((i * pointY / length) - 0.5);
            dy[i] = (int)Math.Ceiling((i * pointX / length) - 0.5);
        }
    }

    /// <summary>
    /// Blurs one H x W plane at <paramref name="angleDegrees"/>. Each tap adds a shifted row: the
    /// part inside the image as a vectorized span, the parts beyond an edge as that edge pixel.
    /// </summary>
    public void Apply(ReadOnlySpan<float> plane, int height, int width, double angleDegrees, Span<float> destination)
    {
        Span<int> dx = stackalloc int[Width];
        Span<int> dy = stackalloc int[Width];
        Offsets(angleDegrees, dx, dy);
        for (var y = 0; y < height; y++)
        {
            var output = destination.Slice(y * width, width);
            output.Clear();
            for (var j = 0; j < Width; j++)
            {
                var weight = Weights[j];
                var source = plane.Slice(Math.Clamp(y + dy[j], 0, height - 1) * width, width);

                // Output x reads x + dx: inside for x in [begin, end), the edge pixel elsewhere.
                var begin = Math.Clamp(-dx[j], 0, width);
                var end = Math.Clamp(width - dx[j], 0, width);
                if (begin > 0)
                {
                    TensorPrimitives.Add(output[..begin], weight * source[0], output[..begin]);
                }

                if (end > begin)
                {
                    var inside = output[begin..end];
                    TensorPrimitives.MultiplyAdd(source.Slice(begin + dx[j], end - begin), weight, inside, inside);
                }

                if (end < width)
                {
                    var beyond = output[Math.Max(end, begin)..];
                    TensorPrimitives.Add(beyond, weight * source[width - 1], beyond);
                }
            }
        }
    }

    /// <summary>
    /// The uint8 levels of ImageMagick's result, in place: the blur is stored as a 16-bit quantum
    /// (rounded) and written to the 8-bit PNG that the generators read back as quantum / 257
    /// truncated, so levels fall about half a level lower than rounding would put them (checked
    /// against the reference outputs).
    /// </summary>
    public static void ToPngLevels(Span<float> values)
    {
        SpanClip.Clip(values, 0f, 1f);
        TensorPrimitives.Multiply(values, 65535f, values);
        TensorPrimitives.Round(values, values);
        TensorPrimitives.Divide(values, 257f, values);
        TensorPrimitives.Floor(values, values);
        TensorPrimitives.Divide(values, 255f, values);
    }
}
