using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// <see cref="NumpyLevels"/> four values at a time (AVX), operation for operation the same float64
/// and float32 arithmetic, so every lane ends bit-identical to the scalar helpers.
/// </summary>
internal static class NumpyLevelsVector
{
    /// <summary>Whether the vector helpers may be called (they use AVX's float/double conversions).</summary>
    public static bool IsSupported => Avx.IsSupported;

    /// <summary><see cref="NumpyLevels.Read"/> of four floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Read(Vector128<float> values)
    {
        var value = Avx.ConvertToVector256Double(values);
        var scaled = value * 255.0;

        // Math.Round rounds half to even, as the instruction's nearest mode does.
        var level = Avx.RoundToNearestInteger(scaled);
        var onLevel = Vector256.LessThan(Vector256.Abs(scaled - level), Vector256.Create(1e-3));
        return Vector256.ConditionalSelect(onLevel, level / 255.0, value);
    }

    /// <summary><see cref="NumpyLevels.Write"/> of four doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Write(Vector256<double> values)
    {
        var value = Clamp(values, Vector256<double>.Zero, Vector256<double>.One);
        var level = Avx.ConvertToVector128Single(Vector256.Floor(value * 255.0));
        var result = Avx.ConvertToVector128Single(value);

        // The nudges of the scalar loops, lane by lane (the float is positive where they apply, so
        // one step of its bits is BitDecrement / BitIncrement).
        var scale = Vector128.Create(255f);
        while (true)
        {
            var above = Vector128.GreaterThan(Vector128.Floor(result * scale), level);
            if (above.ExtractMostSignificantBits() == 0)
            {
                break;
            }

            result = (result.AsInt32() + above.AsInt32()).AsSingle();
        }

        while (true)
        {
            var below = Vector128.LessThan(Vector128.Floor(result * scale), level);
            if (below.ExtractMostSignificantBits() == 0)
            {
                break;
            }

            result = (result.AsInt32() - below.AsInt32()).AsSingle();
        }

        return result;
    }

    /// <summary>Math.Clamp lane by lane: NaN and the sign of a zero pass through as they do there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Clamp(Vector256<double> value, Vector256<double> min, Vector256<double> max) =>
        Vector256.ConditionalSelect(
            Vector256.LessThan(value, min),
            min,
            Vector256.ConditionalSelect(Vector256.GreaterThan(value, max), max, value));
}
