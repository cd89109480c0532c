using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// Hybrid images as <see cref="HybridComposer"/> makes them, clip(B + Re(IFFT2(M D))) with D = F(A) - F(B)
/// (or A - IFFT2((1 - M) D), see <see cref="HybridMaskBand"/>), at a fraction of the cost: the inverse's
/// row pass runs over the mask's nonzero rows only, and every complex inverse carries two real planes,
/// the channels of one hybrid and, with <see cref="ComposePair"/>, an odd last channel together with the
/// next hybrid's first. Not bit-identical to <see cref="HybridComposer"/> (the source image is added in
/// float64 instead of transforming its spectrum): within one float32 ulp in the tests. Holds one complex scratch
/// plane, so composing allocates nothing. Not thread-safe: one instance per thread.
/// </summary>
public sealed class PrunedHybridComposer
{
    private readonly Complex[] _band;

    public PrunedHybridComposer(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _band = new Complex[height * width];
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Writes the hybrid of <paramref name="source"/> under <paramref name="band"/> into <paramref name="destination"/> (CHW).</summary>
    public void Compose(in HybridSource source, HybridMaskBand band, Span<float> destination, Fft2D fft) =>
        Compose(source, source, hybrids: 1, band, destination, [], fft);

    /// <summary>Writes the hybrids of two sources under one mask, sharing the complex transform of the odd channels.</summary>
    public void ComposePair(in HybridSource first, in HybridSource second, HybridMaskBand band, Span<float> firstDestination, Span<float> secondDestination, Fft2D fft) =>
        Compose(first, second, hybrids: 2, band, firstDestination, secondDestination, fft);

    private void Compose(in HybridSource first, in HybridSource second, int hybrids, HybridMaskBand band, Span<float> firstDestination, Span<float> secondDestination, Fft2D fft)
    {
        ArgumentNullException.ThrowIfNull(band);
        ArgumentNullException.ThrowIfNull(fft);
        var shape = first.Difference.Shape;
        Require(first, firstDestination, band, fft);
        if (hybrids == 2)
        {
            Require(second, secondDestination, band, fft);
            if (second.Difference.Shape != shape)
            {
                throw new ArgumentException($"Paired hybrids differ in shape: {shape} and {second.Difference.Shape}.", nameof(second));
            }
        }

        // Planes (hybrid, channel) in order, taken two at a time: the real and imaginary parts of one inverse.
        var channels = shape.Channels;
        var planes = channels * hybrids;
        var planeLength = Height * Width;
        for (var p = 0; p < planes; p += 2)
        {
            var hasSecond = p + 1 < planes;
            var (h0, c0) = (p / channels, p % channels);
            var (h1, c1) = ((p + 1) / channels, (p + 1) % channels);
            ref readonly var s0 = ref h0 == 0 ? ref first : ref second;
            ref readonly var s1 = ref h1 == 0 ? ref first : ref second;
            var d0 = s0.Difference.Plane(c0);
            var d1 = hasSecond ? s1.Difference.Plane(c1) : default;
            var output0 = (h0 == 0 ? firstDestination : secondDestination).Slice(c0 * planeLength, planeLength);
            var base0 = (band.AddsToLowSource ? s0.Low : s0.High).Slice(c0 * planeLength, planeLength);
            var values = fft.InverseBandUnscaled(FillBand(band, d0, d1), band.Rows);
            if (hasSecond)
            {
                var base1 = (band.AddsToLowSource ? s1.Low : s1.High).Slice(c1 * planeLength, planeLength);
                var output1 = (h1 == 0 ? firstDestination : secondDestination).Slice(c1 * planeLength, planeLength);
                Write(values, fft.InverseScale, base0, output0, base1, output1);
            }
            else
            {
                Write(values, fft.InverseScale, base0, output0, [], []);
            }
        }
    }

    // W (D0 + i D1) on the band's rows, transposed for the inverse's row pass: (rows[j], x) at x * rows + j.
    // D0 and D1 are Hermitian (spectra of real planes) and W is symmetric (radial masks), so W D0 and W D1 stay
    // Hermitian: the inverse's real part is plane 0 and its imaginary part plane 1.
    private Span<Complex> FillBand(HybridMaskBand band, ReadOnlySpan<Complex> d0, ReadOnlySpan<Complex> d1)
    {
        var rows = band.Rows;
        var weights = band.Weights;
        var count = rows.Length;
        var target = _band.AsSpan(0, count * Width);
        for (var j = 0; j < count; j++)
        {
            var offset = rows[j] * Width;
            var w = weights.Slice(j * Width, Width);
            var first = d0.Slice(offset, Width);
            if (d1.IsEmpty)
            {
                for (var x = 0; x < Width; x++)
                {
                    target[(x * count) + j] = new Complex(first[x].Real * w[x], first[x].Imaginary * w[x]);
                }
            }
            else
            {
                var second = d1.Slice(offset, Width);
                for (var x = 0; x < Width; x++)
                {
                    target[(x * count) + j] = new Complex((first[x].Real - second[x].Imaginary) * w[x], (first[x].Imaginary + second[x].Real) * w[x]);
                }
            }
        }

        return target;
    }

    // clip(base0 + scale Re(values)) into output0 and, unless output1 is empty, clip(base1 + scale Im(values)) into output1,
    // summed in float64 and rounded once; the AVX loop does the same operations as the scalar one, four pixels at a time.
    private static void Write(ReadOnlySpan<Complex> values, double scale, ReadOnlySpan<float> base0, Span<float> output0, ReadOnlySpan<float> base1, Span<float> output1)
    {
        var both = !output1.IsEmpty;
        var i = 0;
        if (Avx2.IsSupported)
        {
            var parts = MemoryMarshal.Cast<Complex, double>(values);
            var factor = Vector256.Create(scale);
            var (zero, one) = (Vector128<float>.Zero, Vector128<float>.One);
            for (; i + 4 <= output0.Length; i += 4)
            {
                // (re0, im0, re1, im1) and (re2, im2, re3, im3) -> (re0, re1, re2, re3) and (im0, im1, im2, im3).
                var low = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(parts), (nuint)(2 * i));
                var high = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(parts), (nuint)((2 * i) + 4));
                var real = Avx2.Permute4x64(Avx.UnpackLow(low, high), 0b11_01_10_00);
                var sum = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(base0), (nuint)i)) + (real * factor);
                Vector128.Min(Vector128.Max(Avx.ConvertToVector128Single(sum), zero), one).StoreUnsafe(ref MemoryMarshal.GetReference(output0), (nuint)i);
                if (both)
                {
                    var imaginary = Avx2.Permute4x64(Avx.UnpackHigh(low, high), 0b11_01_10_00);
                    sum = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(base1), (nuint)i)) + (imaginary * factor);
                    Vector128.Min(Vector128.Max(Avx.ConvertToVector128Single(sum), zero), one).StoreUnsafe(ref MemoryMarshal.GetReference(output1), (nuint)i);
                }
            }
        }

        for (; i < output0.Length; i++)
        {
            output0[i] = Math.Clamp((float)(base0[i] + (values[i].Real * scale)), 0f, 1f);
            if (both)
            {
                output1[i] = Math.Clamp((float)(base1[i] + (values[i].Imaginary * scale)), 0f, 1f);
            }
        }
    }

    private void Require(in HybridSource source, Span<float> destination, HybridMaskBand band, Fft2D fft)
    {
        ArgumentNullException.ThrowIfNull(source.Difference);
        var shape = source.Difference.Shape;
        if (shape.Height != Height || shape.Width != Width || band.Height != Height || band.Width != Width || fft.Height != Height || fft.Width != Width)
        {
            throw new ArgumentException(
                $"Composer {Height} x {Width}, images {shape}, mask {band.Height} x {band.Width}, FFT {fft.Height} x {fft.Width}: all must agree.");
        }

        if (source.Low.Length != shape.Length || source.High.Length != shape.Length || destination.Length != shape.Length)
        {
            throw new ArgumentException(
                $"Expected sources and a destination of {shape.Length} values ({shape}), got {source.Low.Length}, {source.High.Length} and {destination.Length}.",
                nameof(destination));
        }
    }
}
