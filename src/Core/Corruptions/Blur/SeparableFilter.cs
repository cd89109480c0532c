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
    /// holds H x W + (W + k - 1) floats. Both passes sum their taps in registers (<see cref="TapSums"/>).
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
        Span<int> offsets = kernel.Length <= 64 ? stackalloc int[kernel.Length] : new int[kernel.Length];

        // Rows: tap k reads the padded row shifted by k.
        for (var k = 0; k < kernel.Length; k++)
        {
            offsets[k] = k;
        }

        for (var y = 0; y < height; y++)
        {
            var row = plane.Slice(y * width, width);
            if (radius < width)
            {
                // Only the margins need the border rule; the middle is the row itself.
                for (var i = 0; i < radius; i++)
                {
                    paddedRow[i] = row[Border.Map(i - radius, width, border)];
                    paddedRow[radius + width + i] = row[Border.Map(width + i, width, border)];
                }

                row.CopyTo(paddedRow.Slice(radius, width));
            }
            else
            {
                for (var i = 0; i < paddedRow.Length; i++)
                {
                    paddedRow[i] = row[Border.Map(i - radius, width, border)];
                }
            }

            TapSums.Sum(paddedRow, offsets, kernel, fromZero: false, rowPassed.Slice(y * width, width));
        }

        // Columns: tap k reads the row-passed row y + k - radius (border-mapped).
        for (var y = 0; y < height; y++)
        {
            for (var k = 0; k < kernel.Length; k++)
            {
                offsets[k] = Border.Map(y + k - radius, height, border) * width;
            }

            TapSums.Sum(rowPassed, offsets, kernel, fromZero: true, destination.Slice(y * width, width));
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
