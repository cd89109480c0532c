using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// skimage's rgb2hsv / hsv2rgb in float64, operation for operation, so that values landing near a
/// uint8 level truncate as the generators' outputs do. Used by brightness and saturate.
/// </summary>
internal static class SkimageHsv
{
    /// <summary>Converts every pixel to HSV, lets <paramref name="adjust"/> change it, converts back.</summary>
    public static void Transform<TAdjust>(ReadOnlySpan<float> image, ImageShape shape, Span<float> destination, TAdjust adjust)
        where TAdjust : struct, IHsvAdjustment
    {
        var plane = shape.Height * shape.Width;
        var red = image[..plane];
        var green = image.Slice(plane, plane);
        var blue = image.Slice(2 * plane, plane);
        var outRed = destination[..plane];
        var outGreen = destination.Slice(plane, plane);
        var outBlue = destination.Slice(2 * plane, plane);
        var p = 0;
        if (NumpyLevelsVector.IsSupported)
        {
            for (; p <= plane - Vector128<float>.Count; p += Vector128<float>.Count)
            {
                if (SkimageHsvVector.TryTransform(
                    Vector128.Create(red.Slice(p, 4)), Vector128.Create(green.Slice(p, 4)), Vector128.Create(blue.Slice(p, 4)), adjust, out var r, out var g, out var b))
                {
                    r.CopyTo(outRed[p..]);
                    g.CopyTo(outGreen[p..]);
                    b.CopyTo(outBlue[p..]);
                }
                else
                {
                    TransformScalar(red, green, blue, p, p + Vector128<float>.Count, adjust, outRed, outGreen, outBlue);
                }
            }
        }

        TransformScalar(red, green, blue, p, plane, adjust, outRed, outGreen, outBlue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransformScalar<TAdjust>(
        ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, int start, int end, TAdjust adjust,
        Span<float> outRed, Span<float> outGreen, Span<float> outBlue)
        where TAdjust : struct, IHsvAdjustment
    {
        for (var p = start; p < end; p++)
        {
            var (h, s, v) = RgbToHsv(NumpyLevels.Read(red[p]), NumpyLevels.Read(green[p]), NumpyLevels.Read(blue[p]));
            adjust.Adjust(ref s, ref v);
            var (r, g, b) = HsvToRgb(h, s, v);
            outRed[p] = NumpyLevels.Write(r);
            outGreen[p] = NumpyLevels.Write(g);
            outBlue[p] = NumpyLevels.Write(b);
        }
    }

    public static (double H, double S, double V) RgbToHsv(double r, double g, double b)
    {
        var v = Math.Max(r, Math.Max(g, b));
        var delta = v - Math.Min(r, Math.Min(g, b));
        if (delta == 0)
        {
            return (0, 0, v);
        }

        // skimage assigns red, then green, then blue: on ties the later channel wins.
        double sixths;
        if (b == v)
        {
            sixths = 4.0 + ((r - g) / delta);
        }
        else if (g == v)
        {
            sixths = 2.0 + ((b - r) / delta);
        }
        else
        {
            sixths = (g - b) / delta;
        }

        // numpy's float modulo takes the sign of the divisor.
        var h = (sixths / 6.0) % 1.0;
        if (h < 0)
        {
            h += 1.0;
        }

        return (h, delta / v, v);
    }

    public static (double R, double G, double B) HsvToRgb(double h, double s, double v)
    {
        var sector = Math.Floor(h * 6);
        var f = (h * 6) - sector;
        var p = v * (1 - s);
        var q = v * (1 - (f * s));
        var t = v * (1 - ((1 - f) * s));
        return ((int)sector % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }
}
