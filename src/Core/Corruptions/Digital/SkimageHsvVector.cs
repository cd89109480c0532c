using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// <see cref="SkimageHsv"/>'s round trip on four pixels at once: the same float64 operations per
/// lane, branches turned into selects, so each lane is bit-identical to the scalar code. Lanes the
/// selects do not cover (non-finite values) make the caller redo the four pixels in scalar code.
/// </summary>
internal static class SkimageHsvVector
{
    /// <summary>
    /// Converts four pixels (red, green, blue levels read by <see cref="NumpyLevelsVector.Read"/>),
    /// adjusts them and converts back; false, with nothing written, where a lane needs the scalar code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryTransform<TAdjust>(
        Vector128<float> red, Vector128<float> green, Vector128<float> blue, TAdjust adjust,
        out Vector128<float> outRed, out Vector128<float> outGreen, out Vector128<float> outBlue)
        where TAdjust : struct, IHsvAdjustment
    {
        var r = NumpyLevelsVector.Read(red);
        var g = NumpyLevelsVector.Read(green);
        var b = NumpyLevelsVector.Read(blue);

        // rgb2hsv. Math.Max / Math.Min and Vector256.Max / Min share IEEE 754:2019 semantics.
        var v = Vector256.Max(r, Vector256.Max(g, b));
        var delta = v - Vector256.Min(r, Vector256.Min(g, b));
        var grey = Vector256.Equals(delta, Vector256<double>.Zero);
        var blueMax = Vector256.Equals(b, v);
        var greenMax = Vector256.AndNot(Vector256.Equals(g, v), blueMax);
        var redMax = ~(blueMax | greenMax);
        var numerator = Vector256.ConditionalSelect(blueMax, r - g, Vector256.ConditionalSelect(greenMax, b - r, g - b));
        var ratio = numerator / delta;

        // The red case adds no offset in the scalar code (adding 0 would turn -0 into +0).
        var sixths = Vector256.ConditionalSelect(
            redMax,
            ratio,
            Vector256.ConditionalSelect(blueMax, Vector256.Create(4.0), Vector256.Create(2.0)) + ratio);
        var h = sixths / 6.0;

        // numpy's modulo by 1 leaves |h| < 1 unchanged; anything else (NaN, infinities) goes scalar.
        var inRange = Vector256.LessThan(Vector256.Abs(h), Vector256<double>.One) | grey;
        h = Vector256.ConditionalSelect(Vector256.LessThan(h, Vector256<double>.Zero), h + Vector256<double>.One, h);
        h = Vector256.AndNot(h, grey);
        var s = Vector256.AndNot(delta / v, grey);

        adjust.Adjust(ref s, ref v);

        // hsv2rgb.
        var h6 = h * 6;
        var sector = Vector256.Floor(h6);
        inRange &= Vector256.GreaterThanOrEqual(sector, Vector256<double>.Zero) & Vector256.LessThanOrEqual(sector, Vector256.Create(6.0));
        if (inRange.ExtractMostSignificantBits() != 0b1111)
        {
            outRed = outGreen = outBlue = default;
            return false;
        }

        var f = h6 - sector;
        var one = Vector256<double>.One;
        var p = v * (one - s);
        var q = v * (one - (f * s));
        var t = v * (one - ((one - f) * s));

        // (int)sector % 6 with sector in 0..6: sector 6 reads as 0.
        var is1 = Vector256.Equals(sector, Vector256.Create(1.0));
        var is2 = Vector256.Equals(sector, Vector256.Create(2.0));
        var is3 = Vector256.Equals(sector, Vector256.Create(3.0));
        var is4 = Vector256.Equals(sector, Vector256.Create(4.0));
        var is5 = Vector256.Equals(sector, Vector256.Create(5.0));
        var rOut = Vector256.ConditionalSelect(is1, q, Vector256.ConditionalSelect(is2 | is3, p, Vector256.ConditionalSelect(is4, t, v)));
        var gOut = Vector256.ConditionalSelect(is1 | is2, v, Vector256.ConditionalSelect(is3, q, Vector256.ConditionalSelect(is4 | is5, p, t)));
        var bOut = Vector256.ConditionalSelect(is2, t, Vector256.ConditionalSelect(is3 | is4, v, Vector256.ConditionalSelect(is5, q, p)));
        outRed = NumpyLevelsVector.Write(rOut);
        outGreen = NumpyLevelsVector.Write(gOut);
        outBlue = NumpyLevelsVector.Write(bOut);
        return true;
    }
}
