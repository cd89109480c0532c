using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CloudFreq.Core.Corruptions.Blur;

internal static class SpanClip
{
    /// <summary>
    /// np.clip in place, vectorized, in one pass: min(max(v, min), max) lane by lane, which is what
    /// the former TensorPrimitives.Max then Min passes gave (Vector256.Max/Min share their NaN and
    /// signed-zero semantics with TensorPrimitives and Math).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Clip(Span<float> values, float min, float max)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (low, high) = (Vector256.Create(min), Vector256.Create(max));
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.Min(Vector256.Max(Vector256.Create(values[i..]), low), high).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = Math.Min(Math.Max(values[i], min), max);
        }
    }
}
