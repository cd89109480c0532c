using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// Hybrid images: per channel X = clip(Re(IFFT2(F(A) * M + F(B) * (1 - M))), 0, 1), A the low-frequency
/// source and B the high-frequency source. Holds one complex scratch plane for its H x W, so composing
/// allocates nothing. Not thread-safe: one instance per thread.
/// </summary>
public sealed class HybridComposer
{
    private readonly Complex[] _scratch;
    private readonly Complex[] _secondScratch;

    public HybridComposer(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _scratch = new Complex[height * width];
        _secondScratch = new Complex[height * width];
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Writes the hybrid of low-frequency source <paramref name="a"/> and high-frequency source <paramref name="b"/> (CHW) into <paramref name="destination"/>.</summary>
    public void Compose(ImageSpectrum a, ImageSpectrum b, FrequencyMask lowPass, Span<float> destination, Fft2D fft)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(lowPass);
        ArgumentNullException.ThrowIfNull(fft);
        if (a.Shape != b.Shape)
        {
            throw new ArgumentException($"Hybrid sources differ in shape: {a.Shape} and {b.Shape}.", nameof(b));
        }

        var shape = a.Shape;
        if (shape.Height != Height || shape.Width != Width
            || lowPass.Grid.Height != Height || lowPass.Grid.Width != Width
            || fft.Height != Height || fft.Width != Width)
        {
            throw new ArgumentException(
                $"Composer {Height} x {Width}, images {shape}, mask {lowPass.Grid.Height} x {lowPass.Grid.Width}, FFT {fft.Height} x {fft.Width}: all must agree.");
        }

        if (destination.Length != shape.Length)
        {
            throw new ArgumentException($"Expected a destination of {shape.Length} values ({shape}), got {destination.Length}.", nameof(destination));
        }

        var mask = lowPass.InterleavedValues;
        var planeLength = _scratch.Length;
        // Two channels per complex inverse transform (the mixed spectra stay Hermitian); an odd last channel alone.
        for (var c = 0; c < shape.Channels; c += 2)
        {
            Mix(a.Plane(c), b.Plane(c), mask, _scratch);
            var output = destination.Slice(c * planeLength, planeLength);
            if (c + 1 < shape.Channels)
            {
                Mix(a.Plane(c + 1), b.Plane(c + 1), mask, _secondScratch);
                var second = destination.Slice((c + 1) * planeLength, planeLength);
                fft.InversePair(_scratch, _secondScratch, output, second);
                SpectralFilter.ClipToUnitRange(second);
            }
            else
            {
                fft.Inverse(_scratch, output);
            }

            SpectralFilter.ClipToUnitRange(output);
        }
    }

    // high + m (low - high) on the spectra viewed as interleaved doubles: two vector passes.
    private static void Mix(ReadOnlySpan<Complex> low, ReadOnlySpan<Complex> high, ReadOnlySpan<double> mask, Complex[] destination)
    {
        var highValues = MemoryMarshal.Cast<Complex, double>(high);
        var target = MemoryMarshal.Cast<Complex, double>(destination.AsSpan());
        TensorPrimitives.Subtract(MemoryMarshal.Cast<Complex, double>(low), highValues, target);
        TensorPrimitives.MultiplyAdd(target, mask, highValues, target);
    }
}
