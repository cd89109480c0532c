using System.Numerics.Tensors;

namespace CloudFreq.Core.Data;

/// <summary>Converts a window of 8-bit source pixels into CHW float planes in [0,1].</summary>
internal static class PixelConversion
{
    // ITU-R BT.601 luma weights, as PIL's convert("L") and torchvision's rgb_to_grayscale use.
    private const float LumaRed = 0.299f;
    private const float LumaGreen = 0.587f;
    private const float LumaBlue = 0.114f;

    /// <summary>
    /// Writes rows [top, top+outHeight) and columns [left, left+outWidth) of the source into
    /// <paramref name="destination"/> as planes; with <paramref name="luma"/> the three colour
    /// channels become one luma plane.
    /// </summary>
    public static void ToPlanes(
        ReadOnlySpan<byte> source,
        PixelLayout layout,
        int height,
        int width,
        int top,
        int left,
        int outHeight,
        int outWidth,
        bool luma,
        Span<float> destination)
    {
        var plane = outHeight * outWidth;
        switch (layout)
        {
            case PixelLayout.Rgba when luma:
                RgbaToLuma(source, width, top, left, outHeight, outWidth, destination[..plane]);
                break;
            case PixelLayout.Rgba:
                RgbaToPlanes(source, width, top, left, outHeight, outWidth, destination[..(3 * plane)]);
                break;
            case PixelLayout.PlanarRgb when luma:
                PlanarToLuma(source, height, width, top, left, outHeight, outWidth, destination[..plane]);
                break;
            case PixelLayout.PlanarRgb:
                for (var c = 0; c < 3; c++)
                {
                    var sourcePlane = source.Slice(c * height * width, height * width);
                    CopyWindow(sourcePlane, width, top, left, outHeight, outWidth, destination.Slice(c * plane, plane));
                }

                break;
            case PixelLayout.Gray:
                CopyWindow(source[..(height * width)], width, top, left, outHeight, outWidth, destination[..plane]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, null);
        }
    }

    private static void CopyWindow(
        ReadOnlySpan<byte> plane, int width, int top, int left, int outHeight, int outWidth, Span<float> destination)
    {
        if (left == 0 && outWidth == width)
        {
            // Whole rows: one contiguous run, converted with vectorized primitives.
            ToUnit(plane.Slice(top * width, outHeight * width), destination);
            return;
        }

        for (var y = 0; y < outHeight; y++)
        {
            ToUnit(plane.Slice((top + y) * width + left, outWidth), destination.Slice(y * outWidth, outWidth));
        }
    }

    private static void ToUnit(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        var target = destination[..bytes.Length];
        TensorPrimitives.ConvertTruncating<byte, float>(bytes, target);

        // Division (not multiplication by 1/255) so every level is exactly the nearest float to v/255.
        TensorPrimitives.Divide(target, 255f, target);
    }

    private static void RgbaToPlanes(
        ReadOnlySpan<byte> rgba, int width, int top, int left, int outHeight, int outWidth, Span<float> destination)
    {
        var plane = outHeight * outWidth;
        var red = destination[..plane];
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(2 * plane, plane);
        var o = 0;
        for (var y = 0; y < outHeight; y++)
        {
            var row = rgba.Slice(((top + y) * width + left) * 4, outWidth * 4);
            for (var x = 0; x < row.Length; x += 4, o++)
            {
                red[o] = row[x] / 255f;
                green[o] = row[x + 1] / 255f;
                blue[o] = row[x + 2] / 255f;
            }
        }
    }

    private static void RgbaToLuma(
        ReadOnlySpan<byte> rgba, int width, int top, int left, int outHeight, int outWidth, Span<float> destination)
    {
        var o = 0;
        for (var y = 0; y < outHeight; y++)
        {
            var row = rgba.Slice(((top + y) * width + left) * 4, outWidth * 4);
            for (var x = 0; x < row.Length; x += 4, o++)
            {
                destination[o] = Luma(row[x], row[x + 1], row[x + 2]);
            }
        }
    }

    private static void PlanarToLuma(
        ReadOnlySpan<byte> planes, int height, int width, int top, int left, int outHeight, int outWidth, Span<float> destination)
    {
        var plane = height * width;
        var red = planes[..plane];
        var green = planes.Slice(plane, plane);
        var blue = planes.Slice(2 * plane, plane);
        var o = 0;
        for (var y = 0; y < outHeight; y++)
        {
            var start = (top + y) * width + left;
            for (var x = start; x < start + outWidth; x++, o++)
            {
                destination[o] = Luma(red[x], green[x], blue[x]);
            }
        }
    }

    // The weights sum to 1 only up to float rounding; clamp so white stays exactly in range.
    private static float Luma(byte red, byte green, byte blue) =>
        Math.Min(((LumaRed * red) + (LumaGreen * green) + (LumaBlue * blue)) / 255f, 1f);
}
