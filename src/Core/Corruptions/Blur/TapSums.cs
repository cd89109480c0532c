using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// Weighted sums of shifted rows (float or double), accumulated in registers: one store per output vector
/// instead of a load and a store per tap (what a MultiplyAdd per tap costs). The taps are added in
/// the given order as acc = x * w + acc, unfused, so the result is bit for bit what the per-tap
/// MultiplyAdd passes gave.
/// </summary>
internal static class TapSums
{
    /// <summary>
    /// destination[x] = sum over t of source[offsets[t] + x] * weights[t] for x in [0, destination.Length),
    /// the sum started from <paramref name="fromZero"/> ? 0 : the first term.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sum<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> offsets, ReadOnlySpan<T> weights, bool fromZero, Span<T> destination)
        where T : unmanaged, INumberBase<T>
    {
        var taps = weights.Length;
        if (taps == 0)
        {
            destination.Clear();
            return;
        }

        var width = destination.Length;
        for (var t = 0; t < taps; t++)
        {
            // One bounds check per tap here instead of one per element below.
            _ = source.Slice(offsets[t], width);
        }

        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        ref var off = ref MemoryMarshal.GetReference(offsets);
        ref var wts = ref MemoryMarshal.GetReference(weights);
        var x = 0;
        var lanes = Vector<T>.Count;

        // Four output vectors per pass over the taps: four independent add chains hide the add
        // latency (two chains measured 2x slower), and each weight is broadcast once for all four.
        for (; x <= width - (4 * lanes); x += 4 * lanes)
        {
            Vector<T> a, b, c, d;
            int first;
            if (fromZero)
            {
                (a, b, c, d, first) = (Vector<T>.Zero, Vector<T>.Zero, Vector<T>.Zero, Vector<T>.Zero, 0);
            }
            else
            {
                var w0 = new Vector<T>(wts);
                ref var s0 = ref Unsafe.Add(ref src, off + x);
                a = Vector.LoadUnsafe(ref s0) * w0;
                b = Vector.LoadUnsafe(ref s0, (nuint)lanes) * w0;
                c = Vector.LoadUnsafe(ref s0, (nuint)(2 * lanes)) * w0;
                d = Vector.LoadUnsafe(ref s0, (nuint)(3 * lanes)) * w0;
                first = 1;
            }

            for (var t = first; t < taps; t++)
            {
                var w = new Vector<T>(Unsafe.Add(ref wts, t));
                ref var s = ref Unsafe.Add(ref src, Unsafe.Add(ref off, t) + x);
                a = (Vector.LoadUnsafe(ref s) * w) + a;
                b = (Vector.LoadUnsafe(ref s, (nuint)lanes) * w) + b;
                c = (Vector.LoadUnsafe(ref s, (nuint)(2 * lanes)) * w) + c;
                d = (Vector.LoadUnsafe(ref s, (nuint)(3 * lanes)) * w) + d;
            }

            a.StoreUnsafe(ref dst, (nuint)x);
            b.StoreUnsafe(ref dst, (nuint)(x + lanes));
            c.StoreUnsafe(ref dst, (nuint)(x + (2 * lanes)));
            d.StoreUnsafe(ref dst, (nuint)(x + (3 * lanes)));
        }

        for (; x <= width - lanes; x += lanes)
        {
            var a = fromZero ? Vector<T>.Zero : Vector.LoadUnsafe(ref Unsafe.Add(ref src, off + x)) * new Vector<T>(wts);
            for (var t = fromZero ? 0 : 1; t < taps; t++)
            {
                a = (Vector.LoadUnsafe(ref Unsafe.Add(ref src, Unsafe.Add(ref off, t) + x)) * new Vector<T>(Unsafe.Add(ref wts, t))) + a;
            }

            a.StoreUnsafe(ref dst, (nuint)x);
        }

        for (; x < width; x++)
        {
            var acc = fromZero ? T.Zero : Unsafe.Add(ref src, off + x) * wts;
            for (var t = fromZero ? 0 : 1; t < taps; t++)
            {
                acc = (Unsafe.Add(ref src, Unsafe.Add(ref off, t) + x) * Unsafe.Add(ref wts, t)) + acc;
            }

            Unsafe.Add(ref dst, x) = acc;
        }
    }
}
