using System.Buffers;
using System.Numerics.Tensors;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// Correlation of one H x W plane with an odd 1-D kernel along rows and then columns: a 2-D
/// filter whose kernel is the outer product of the two (a Gaussian), at O(k) instead of O(k^2).
/// </summary>
internal static class SeparableFilter
{
    /// <summary>
    /// Filters <paramref name="plane"/> into <paramref name="destination"/>; <paramref name="scratch"/>
    /// holds H x W + (W + k - 1) floats. Both passes add one shifted copy per tap, vectorized.
    /// </summary>
    public static void Apply(
        ReadOnlySpan<float> plane,
        int height,
        int width,
        ReadOnlySpan<float> kernel,
        BorderMode border,
        Span<float> destination,
        Span<float> scratch)
    {
        var radius = kernel.Length / 2;
        var rowPassed = scratch[..(height * width)];
        var paddedRow = scratch.Slice(height * width, width + (2 * radius));

        for (var y = 0; y < height; y++)
        {
            var row = plane.Slice(y * width, width);
            for (var i = 0; i < paddedRow.Length; i++)
            {
                paddedRow[i] = row[Border.Map(i - radius, width, border)];
            }

            var output = rowPassed.Slice(y * width, width);
            TensorPrimitives.Multiply(paddedRow[..width], kernel[0], output);
            for (var k = 1; k < kernel.Length; k++)
            {
                TensorPrimitives.MultiplyAdd(paddedRow.Slice(k, width), kernel[k], output, output);
            }
        }

        for (var y = 0; y < height; y++)
        {
            var output = destination.Slice(y * width, width);
            output.Clear();
            for (var k = 0; k < kernel.Length; k++)
            {
                var source = Border.Map(y + k - radius, height, border);
                TensorPrimitives.MultiplyAdd(rowPassed.Slice(source * width, width), kernel[k], output, output);
            }
        }
    }

    /// <summary>Filters every channel of a planar CHW image with the same kernel.</summary>
    public static void ApplyToChannels(ReadOnlySpan<float> image, ImageShape shape, ReadOnlySpan<float> kernel, BorderMode border, Span<float> destination)
    {
        var plane = shape.Height * shape.Width;
        var scratch = ArrayPool<float>.Shared.Rent(ScratchLength(shape.Height, shape.Width, kernel.Length));
        try
        {
            for (var c = 0; c < shape.Channels; c++)
            {
                Apply(image.Slice(c * plane, plane), shape.Height, shape.Width, kernel, border, destination.Slice(c * plane, plane), scratch);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Scratch floats that <see cref="Apply"/> needs.</summary>
    public static int ScratchLength(int height, int width, int kernelLength) => (height * width) + width + kernelLength;
}
