using System.Buffers;
using System.Numerics.Tensors;

namespace CloudFreq.Core.Data;

/// <summary>
/// Separable resize of float planes with an antialiased triangle (bilinear) filter whose support
/// widens with the downscale factor, as PIL's <c>Image.resize(BILINEAR)</c> and torchvision's
/// default <c>Resize</c> do. Written here rather than drawn through SkiaSharp so the result is the
/// same on every CPU (Skia picks SIMD paths per machine) and works on any channel count.
/// </summary>
internal static class AntialiasResampler
{
    /// <summary>
    /// Resizes <paramref name="source"/> (<paramref name="channels"/> planes of height x width) to
    /// resizedHeight x resizedWidth and writes only the window starting at (top, left) of size
    /// outHeight x outWidth, so a following center crop costs nothing extra.
    /// </summary>
    public static void ResizeWindow(
        ReadOnlySpan<float> source,
        int channels,
        int height,
        int width,
        int resizedHeight,
        int resizedWidth,
        int top,
        int left,
        int outHeight,
        int outWidth,
        Span<float> destination,
        ArrayPool<float> scratch)
    {
        var columns = ResampleCoefficients.Compute(width, resizedWidth, left, outWidth);
        var rows = ResampleCoefficients.Compute(height, resizedHeight, top, outHeight);
        try
        {
            // Only the source rows the vertical pass reads go through the horizontal pass.
            var firstRow = rows.Start[0];
            var endRow = rows.Start[outHeight - 1] + rows.Count[outHeight - 1];
            for (var i = 0; i < outHeight; i++)
            {
                firstRow = Math.Min(firstRow, rows.Start[i]);
                endRow = Math.Max(endRow, rows.Start[i] + rows.Count[i]);
            }

            var usedRows = endRow - firstRow;
            var temporary = scratch.Rent(channels * usedRows * outWidth);
            try
            {
                var middle = temporary.AsSpan(0, channels * usedRows * outWidth);
                for (var c = 0; c < channels; c++)
                {
                    var sourcePlane = source.Slice(c * height * width, height * width);
                    var middlePlane = middle.Slice(c * usedRows * outWidth, usedRows * outWidth);
                    for (var y = 0; y < usedRows; y++)
                    {
                        Horizontal(sourcePlane.Slice((firstRow + y) * width, width), columns, middlePlane.Slice(y * outWidth, outWidth));
                    }

                    Vertical(middlePlane, outWidth, firstRow, rows, destination.Slice(c * outHeight * outWidth, outHeight * outWidth));
                }
            }
            finally
            {
                scratch.Return(temporary);
            }
        }
        finally
        {
            columns.Return();
            rows.Return();
        }
    }

    private static void Horizontal(ReadOnlySpan<float> row, ResampleCoefficients columns, Span<float> output)
    {
        for (var x = 0; x < output.Length; x++)
        {
            var weights = columns.Weights.AsSpan(x * columns.Stride, columns.Count[x]);
            var taps = row.Slice(columns.Start[x], weights.Length);
            var sum = 0f;
            for (var k = 0; k < weights.Length; k++)
            {
                sum += weights[k] * taps[k];
            }

            output[x] = sum;
        }
    }

    private static void Vertical(ReadOnlySpan<float> middle, int width, int firstRow, ResampleCoefficients rows, Span<float> output)
    {
        var outHeight = output.Length / width;
        for (var y = 0; y < outHeight; y++)
        {
            var outRow = output.Slice(y * width, width);
            outRow.Clear();
            var weights = rows.Weights.AsSpan(y * rows.Stride, rows.Count[y]);
            for (var k = 0; k < weights.Length; k++)
            {
                var weight = weights[k];
                var inRow = middle.Slice((rows.Start[y] - firstRow + k) * width, width);

                // Separate multiply and add (not fused), so results do not depend on the CPU's FMA support.
                TensorPrimitives.MultiplyAdd(inRow, weight, outRow, outRow);
            }

            // The weights are non-negative and sum to one; clamp away float rounding only.
            TensorPrimitives.Min(outRow, 1f, outRow);
            TensorPrimitives.Max(outRow, 0f, outRow);
        }
    }
}
