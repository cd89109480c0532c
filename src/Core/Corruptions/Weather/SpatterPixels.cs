using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// Spatter's per-pixel steps, vectorized with the scalar code's exact arithmetic (same operations
/// in the same order per lane; Math.Clamp and the casts reproduced lane by lane).
/// </summary>
internal static class SpatterPixels
{
    /// <summary>Sets the values below <paramref name="threshold"/> to 0 (value &lt; threshold ? 0 : value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ZeroBelow(Span<double> values, double threshold)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(threshold);
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var v = Vector256.Create(values[i..]);
                Vector256.ConditionalSelect(Vector256.LessThan(v, limit), Vector256<double>.Zero, v).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = values[i] < threshold ? 0 : values[i];
        }
    }

    /// <summary>
    /// numpy's uint8 cast of liquid * 255: truncation to int, then the low byte (values past 255
    /// wrap as the C cast does). The vector conversion is used only where every value is inside
    /// int32's range, where it truncates exactly as the saturating scalar cast does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ToLevels(ReadOnlySpan<double> liquid, Span<byte> levels)
    {
        var i = 0;
        const int block = 4 * 4;
        if (Avx.IsSupported && liquid.Length >= block && Math.Abs(TensorPrimitives.MaxMagnitude(liquid)) * 255 < int.MaxValue)
        {
            var scale = Vector256.Create(255.0);
            fixed (double* source = liquid)
            fixed (byte* target = levels)
            {
                for (; i <= liquid.Length - block; i += block)
                {
                    var a = Avx.ConvertToVector128Int32WithTruncation(Avx.LoadVector256(source + i) * scale);
                    var b = Avx.ConvertToVector128Int32WithTruncation(Avx.LoadVector256(source + i + 4) * scale);
                    var c = Avx.ConvertToVector128Int32WithTruncation(Avx.LoadVector256(source + i + 8) * scale);
                    var d = Avx.ConvertToVector128Int32WithTruncation(Avx.LoadVector256(source + i + 12) * scale);
                    Vector128.Narrow(Vector128.Narrow(a, b), Vector128.Narrow(c, d)).AsByte().Store(target + i);
                }
            }
        }

        for (; i < liquid.Length; i++)
        {
            levels[i] = unchecked((byte)(int)(liquid[i] * 255));
        }
    }

    /// <summary>(byte)value for values in [0, 255] (the blurred distances), truncating; eight at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ToBytes(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        var i = 0;
        if (Avx2.IsSupported)
        {
            // Clamped first: the conversion then truncates exactly as the saturating scalar cast.
            var (zero, top) = (Vector256<float>.Zero, Vector256.Create(255f));
            fixed (float* source = values)
            fixed (byte* target = bytes)
            {
                for (; i <= values.Length - 16; i += 16)
                {
                    var low = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(Avx.LoadVector256(source + i), zero), top));
                    var high = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(Avx.LoadVector256(source + i + 8), zero), top));
                    var shorts = Vector256.Narrow(low, high);
                    Vector128.Narrow(shorts.GetLower(), shorts.GetUpper()).AsByte().Store(target + i);
                }
            }
        }

        for (; i < values.Length; i++)
        {
            bytes[i] = (byte)values[i];
        }
    }

    /// <summary>bytes to floats, eight at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ToFloats(ReadOnlySpan<byte> bytes, Span<float> values)
    {
        var i = 0;
        if (Avx2.IsSupported)
        {
            fixed (byte* source = bytes)
            fixed (float* target = values)
            {
                for (; i <= bytes.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    Avx.Store(target + i, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(source + i)));
                }
            }
        }

        for (; i < bytes.Length; i++)
        {
            values[i] = bytes[i];
        }
    }

    /// <summary>Rounds to the nearest integer, ties to even (as (float)Math.Round(value)), in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RoundToEven(Span<float> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.Round(Vector256.Create(values[i..])).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = MathF.Round(values[i]);
        }
    }

    /// <summary>shading *= levels in place; returns the largest product (Math.Max fold from 0; the products are never NaN or -0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe float MultiplyByLevels(Span<float> shading, ReadOnlySpan<byte> levels)
    {
        var i = 0;
        var brightest = 0f;
        if (Avx2.IsSupported)
        {
            var best = Vector256<float>.Zero;
            fixed (float* values = shading)
            fixed (byte* level = levels)
            {
                for (; i <= shading.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var product = Avx.LoadVector256(values + i) * Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(level + i));
                    Avx.Store(values + i, product);
                    best = Vector256.Max(best, product);
                }
            }

            for (var lane = 0; lane < Vector256<float>.Count; lane++)
            {
                brightest = Math.Max(brightest, best[lane]);
            }
        }

        for (; i < shading.Length; i++)
        {
            shading[i] *= levels[i];
            brightest = Math.Max(brightest, shading[i]);
        }

        return brightest;
    }

    /// <summary>destination = Math.Clamp(image + (water * colour), 0, 1), eight pixels at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddClamped(ReadOnlySpan<float> image, ReadOnlySpan<float> water, float colour, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var tint = Vector256.Create(colour);
            for (; i <= destination.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var sum = Vector256.Create(image[i..]) + (Vector256.Create(water[i..]) * tint);
                Clamp01(sum).CopyTo(destination[i..]);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Math.Clamp(image[i] + (water[i] * colour), 0f, 1f);
        }
    }

    /// <summary>destination = Math.Clamp((image * (1 - cover)) + (colour * cover), 0, 1), eight pixels at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Blend(ReadOnlySpan<float> image, ReadOnlySpan<float> cover, float colour, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (tint, one) = (Vector256.Create(colour), Vector256.Create(1f));
            for (; i <= destination.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var amount = Vector256.Create(cover[i..]);
                var blended = (Vector256.Create(image[i..]) * (one - amount)) + (tint * amount);
                Clamp01(blended).CopyTo(destination[i..]);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Math.Clamp((image[i] * (1 - cover[i])) + (colour * cover[i]), 0f, 1f);
        }
    }

    /// <summary>Math.Clamp(v, 0, 1) lane by lane, NaN and -0 included (v &lt; 0 gives 0, v &gt; 1 gives 1, else v).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Clamp01(Vector256<float> v) =>
        Vector256.ConditionalSelect(
            Vector256.LessThan(v, Vector256<float>.Zero),
            Vector256<float>.Zero,
            Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.One), Vector256<float>.One, v));
}
