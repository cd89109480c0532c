using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// Float images to uint8 levels and back, 32 values at a time: the same float32 operations as
/// <see cref="CorruptionArguments.ToLevel"/> and level / 255f, so each value is bit-identical.
/// </summary>
internal static class Uint8Levels
{
    /// <summary>levels[i] = <see cref="CorruptionArguments.ToLevel"/>(values[i]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToLevels(ReadOnlySpan<float> values, Span<byte> levels)
    {
        _ = levels[..values.Length];
        ref var source = ref MemoryMarshal.GetReference(values);
        ref var destination = ref MemoryMarshal.GetReference(levels);
        var i = 0;
        if (Avx.IsSupported)
        {
            const int Count = 4 * 8;
            for (; i <= values.Length - Count; i += Count)
            {
                var a = Level(Vector256.LoadUnsafe(ref source, (nuint)i));
                var b = Level(Vector256.LoadUnsafe(ref source, (nuint)(i + 8)));
                var c = Level(Vector256.LoadUnsafe(ref source, (nuint)(i + 16)));
                var d = Level(Vector256.LoadUnsafe(ref source, (nuint)(i + 24)));
                Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsByte().StoreUnsafe(ref destination, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            Unsafe.Add(ref destination, i) = CorruptionArguments.ToLevel(Unsafe.Add(ref source, i));
        }
    }

    /// <summary>values[i] = levels[i] / 255f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromLevels(ReadOnlySpan<byte> levels, Span<float> values)
    {
        _ = values[..levels.Length];
        ref var source = ref MemoryMarshal.GetReference(levels);
        ref var destination = ref MemoryMarshal.GetReference(values);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var scale = Vector256.Create(255f);
            for (; i <= levels.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)i));
                var (a, b) = Vector256.Widen(low);
                var (c, d) = Vector256.Widen(high);
                (Vector256.ConvertToSingle(a.AsInt32()) / scale).StoreUnsafe(ref destination, (nuint)i);
                (Vector256.ConvertToSingle(b.AsInt32()) / scale).StoreUnsafe(ref destination, (nuint)(i + 8));
                (Vector256.ConvertToSingle(c.AsInt32()) / scale).StoreUnsafe(ref destination, (nuint)(i + 16));
                (Vector256.ConvertToSingle(d.AsInt32()) / scale).StoreUnsafe(ref destination, (nuint)(i + 24));
            }
        }

        for (; i < levels.Length; i++)
        {
            Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, i) / 255f;
        }
    }

    /// <summary>
    /// ToLevel on eight values as int: round half to even, then clamp to [0, 255]; maxps returns its
    /// second operand for NaN, so NaN becomes 0 as ToLevel makes it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Level(Vector256<float> values)
    {
        var rounded = Avx.RoundToNearestInteger(values * 255f);
        var clamped = Avx.Min(Avx.Max(rounded, Vector256<float>.Zero), Vector256.Create(255f));
        return Avx.ConvertToVector256Int32WithTruncation(clamped);
    }
}
