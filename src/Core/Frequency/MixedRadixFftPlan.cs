using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// A precomputed 1-D DFT of one length N: a Stockham (self-sorting, out-of-place) mixed-radix transform
/// with radix-4 and radix-2 butterflies and a direct butterfly for any other prime factor (3, 5, 7 for the
/// usual image sizes; a large prime degrades to O(N p), never wrong). Transforms <c>batch</c> interleaved
/// sequences at once (element i of sequence b at b + batch * i), which is how the columns of a row-major
/// plane are laid out, so column passes need no transposes.
/// Forward is unscaled with exp(-2 pi i k n / N); inverse uses exp(+2 pi i k n / N), also unscaled.
/// Immutable after construction: one plan may be shared by threads, each with its own scratch.
/// With AVX the interleaved loops run two complex values per 256-bit vector, with the same operations
/// in the same order as <see cref="Complex"/>'s operators, so the results are bit-identical to the scalar path.
/// </summary>
internal sealed class MixedRadixFftPlan
{
    private readonly int[] _radices;
    private readonly Complex[] _forwardTwiddles;
    private readonly Complex[] _inverseTwiddles;

    public MixedRadixFftPlan(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _radices = Factor(length);
        _forwardTwiddles = new Complex[length];
        _inverseTwiddles = new Complex[length];
        for (var t = 0; t < length; t++)
        {
            var angle = -2.0 * Math.PI * t / length;
            _forwardTwiddles[t] = new Complex(Math.Cos(angle), Math.Sin(angle));
            _inverseTwiddles[t] = Complex.Conjugate(_forwardTwiddles[t]);
        }
    }

    public int Length { get; }

    /// <summary>Whether the AVX loops run (default: when the CPU has AVX); tests and benches turn it off to compare with the scalar path.</summary>
    internal static bool Vectorized
    {
        get => s_vectorized;
        set => s_vectorized = value && Avx.IsSupported;
    }

    private static bool s_vectorized = Avx.IsSupported;

    /// <summary>
    /// Transforms <paramref name="batch"/> interleaved sequences of <see cref="Length"/> in
    /// <paramref name="data"/> in place; <paramref name="scratch"/> (same length) is overwritten.
    /// </summary>
    public void Transform(Span<Complex> data, Span<Complex> scratch, int batch, bool inverse)
    {
        var total = Length * batch;
        var twiddles = inverse ? _inverseTwiddles : _forwardTwiddles;
        Span<Complex> source = data[..total];
        Span<Complex> target = scratch[..total];
        var remaining = Length;
        var stride = 1;
        foreach (var radix in _radices)
        {
            var subLength = remaining / radix;
            var interleave = batch * stride;
            switch (radix)
            {
                case 4:
                    Radix4(source, target, subLength, interleave, stride, twiddles, inverse);
                    break;
                case 2:
                    Radix2(source, target, subLength, interleave, stride, twiddles);
                    break;
                default:
                    RadixGeneric(source, target, radix, subLength, interleave, stride, twiddles);
                    break;
            }

            var swap = source;
            source = target;
            target = swap;
            remaining = subLength;
            stride *= radix;
        }

        // An odd number of stages leaves the result in the scratch buffer.
        if (_radices.Length % 2 == 1)
        {
            source.CopyTo(data);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Radix2(ReadOnlySpan<Complex> source, Span<Complex> target, int subLength, int interleave, int stride, ReadOnlySpan<Complex> twiddles)
    {
        for (var p = 0; p < subLength; p++)
        {
            var w = twiddles[p * stride];
            var inBase = interleave * p;
            var outBase = interleave * 2 * p;
            var half = interleave * subLength;
            var q = 0;
            if (Vectorized)
            {
                var src = MemoryMarshal.Cast<Complex, double>(source);
                var dst = MemoryMarshal.Cast<Complex, double>(target);
                var (wr, wi) = Twiddle(w);
                for (; q + 2 <= interleave; q += 2)
                {
                    var a0 = Load(src, inBase + q);
                    var a1 = Load(src, inBase + half + q);
                    Store(dst, outBase + q, a0 + a1);
                    Store(dst, outBase + interleave + q, Multiply(a0 - a1, wr, wi));
                }
            }

            for (; q < interleave; q++)
            {
                var a0 = source[inBase + q];
                var a1 = source[inBase + half + q];
                target[outBase + q] = a0 + a1;
                target[outBase + interleave + q] = (a0 - a1) * w;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Radix4(ReadOnlySpan<Complex> source, Span<Complex> target, int subLength, int interleave, int stride, ReadOnlySpan<Complex> twiddles, bool inverse)
    {
        var quarter = interleave * subLength;
        for (var p = 0; p < subLength; p++)
        {
            var w1 = twiddles[p * stride];
            var w2 = twiddles[2 * p * stride];
            var w3 = twiddles[3 * p * stride];
            var inBase = interleave * p;
            var outBase = interleave * 4 * p;
            var q = 0;
            if (Vectorized)
            {
                var src = MemoryMarshal.Cast<Complex, double>(source);
                var dst = MemoryMarshal.Cast<Complex, double>(target);
                var (w1r, w1i) = Twiddle(w1);
                var (w2r, w2i) = Twiddle(w2);
                var (w3r, w3i) = Twiddle(w3);
                // Rotation by -i (forward) or +i (inverse): swap the parts, then negate one of them.
                var rotation = inverse ? Vector256.Create(-1.0, 1.0, -1.0, 1.0) : Vector256.Create(1.0, -1.0, 1.0, -1.0);
                for (; q + 2 <= interleave; q += 2)
                {
                    var a0 = Load(src, inBase + q);
                    var a1 = Load(src, inBase + quarter + q);
                    var a2 = Load(src, inBase + (2 * quarter) + q);
                    var a3 = Load(src, inBase + (3 * quarter) + q);
                    var sum02 = a0 + a2;
                    var diff02 = a0 - a2;
                    var sum13 = a1 + a3;
                    var diff13 = a1 - a3;
                    var rotated = Avx.Permute(diff13, 0b0101) * rotation;
                    Store(dst, outBase + q, sum02 + sum13);
                    Store(dst, outBase + interleave + q, Multiply(diff02 + rotated, w1r, w1i));
                    Store(dst, outBase + (2 * interleave) + q, Multiply(sum02 - sum13, w2r, w2i));
                    Store(dst, outBase + (3 * interleave) + q, Multiply(diff02 - rotated, w3r, w3i));
                }
            }

            for (; q < interleave; q++)
            {
                var a0 = source[inBase + q];
                var a1 = source[inBase + quarter + q];
                var a2 = source[inBase + (2 * quarter) + q];
                var a3 = source[inBase + (3 * quarter) + q];
                var sum02 = a0 + a2;
                var diff02 = a0 - a2;
                var sum13 = a1 + a3;
                var diff13 = a1 - a3;

                // Forward: b1 = diff02 - i diff13, b3 = diff02 + i diff13; the inverse swaps the signs.
                var rotated = inverse
                    ? new Complex(-diff13.Imaginary, diff13.Real)
                    : new Complex(diff13.Imaginary, -diff13.Real);
                target[outBase + q] = sum02 + sum13;
                target[outBase + interleave + q] = (diff02 + rotated) * w1;
                target[outBase + (2 * interleave) + q] = (sum02 - sum13) * w2;
                target[outBase + (3 * interleave) + q] = (diff02 - rotated) * w3;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RadixGeneric(ReadOnlySpan<Complex> source, Span<Complex> target, int radix, int subLength, int interleave, int stride, ReadOnlySpan<Complex> twiddles)
    {
        // exp(-+2 pi i k j / radix) is entry (k j mod radix) * (N / radix) of the length-N table.
        var rootStep = twiddles.Length / radix;
        var block = interleave * subLength;
        for (var p = 0; p < subLength; p++)
        {
            var inBase = interleave * p;
            var outBase = interleave * radix * p;
            for (var j = 0; j < radix; j++)
            {
                var w = twiddles[p * j * stride];
                var q = 0;
                if (Vectorized)
                {
                    var src = MemoryMarshal.Cast<Complex, double>(source);
                    var dst = MemoryMarshal.Cast<Complex, double>(target);
                    var (wr, wi) = Twiddle(w);
                    for (; q + 2 <= interleave; q += 2)
                    {
                        var sum = Load(src, inBase + q);
                        var rootIndex = 0;
                        for (var k = 1; k < radix; k++)
                        {
                            rootIndex += j;
                            if (rootIndex >= radix)
                            {
                                rootIndex -= radix;
                            }

                            var (rr, ri) = Twiddle(twiddles[rootIndex * rootStep]);
                            sum += Multiply(Load(src, inBase + (k * block) + q), rr, ri);
                        }

                        Store(dst, outBase + (j * interleave) + q, Multiply(sum, wr, wi));
                    }
                }

                for (; q < interleave; q++)
                {
                    var sum = source[inBase + q];
                    var rootIndex = 0;
                    for (var k = 1; k < radix; k++)
                    {
                        rootIndex += j;
                        if (rootIndex >= radix)
                        {
                            rootIndex -= radix;
                        }

                        sum += source[inBase + (k * block) + q] * twiddles[rootIndex * rootStep];
                    }

                    target[outBase + (j * interleave) + q] = sum * w;
                }
            }
        }
    }

    // Complex value k of a double span: two doubles at 2k.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(ReadOnlySpan<double> values, int complexIndex) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(values), (nuint)(2 * complexIndex));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<double> values, int complexIndex, Vector256<double> value) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(values), (nuint)(2 * complexIndex));

    // (re, re, re, re) and (-im, im, -im, im) of a twiddle, for Multiply.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Real, Vector256<double> Imaginary) Twiddle(Complex w) =>
        (Vector256.Create(w.Real), Vector256.Create(-w.Imaginary, w.Imaginary, -w.Imaginary, w.Imaginary));

    // (a + bi)(c + di) as Complex computes it: (ac - bd, bc + ad), for two values at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Multiply(Vector256<double> value, Vector256<double> real, Vector256<double> imaginary) =>
        (value * real) + (Avx.Permute(value, 0b0101) * imaginary);

    private static int[] Factor(int length)
    {
        var radices = new List<int>();
        var remaining = length;
        while (remaining % 4 == 0)
        {
            radices.Add(4);
            remaining /= 4;
        }

        for (var factor = 2; remaining > 1; factor++)
        {
            while (remaining % factor == 0)
            {
                radices.Add(factor);
                remaining /= factor;
            }
        }

        return [.. radices];
    }
}
