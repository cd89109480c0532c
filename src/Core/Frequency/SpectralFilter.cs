using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// Low-pass or high-pass filtering of a precomputed <see cref="ImageSpectrum"/>: per channel,
/// Re(IFFT2(F * M)) or Re(IFFT2(F * (1 - M))). Holds one complex scratch plane for its H x W, so
/// filtering allocates nothing. Not thread-safe: one instance per thread.
/// </summary>
public sealed class SpectralFilter
{
    private readonly Complex[] _scratch;
    private readonly Complex[] _secondScratch;

    public SpectralFilter(int height, int width)
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

    /// <summary>
    /// Writes the filtered image (CHW) into <paramref name="destination"/>. With
    /// <paramref name="forScoring"/>, a low-pass image is clipped to [0, 1] and a high-pass image (zero-mean
    /// on its own) first gets each channel's mean added back, then is clipped. Without it, the raw real
    /// parts are written (no mean, no clip), so that low + high reconstructs the image.
    /// </summary>
    public void Apply(
        ImageSpectrum spectrum,
        FrequencyMask lowPass,
        FilterKind kind,
        Span<float> destination,
        Fft2D fft,
        bool forScoring = true)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        ArgumentNullException.ThrowIfNull(lowPass);
        ArgumentNullException.ThrowIfNull(fft);
        var shape = spectrum.Shape;
        RequireShape(shape, lowPass, fft, destination.Length);
        var mask = lowPass.InterleavedValues;
        var planeLength = _scratch.Length;

        // Two channels per complex inverse transform (their masked spectra stay Hermitian); an odd last channel alone.
        for (var c = 0; c < shape.Channels; c += 2)
        {
            Mask(spectrum.Plane(c), mask, kind, _scratch);
            var output = destination.Slice(c * planeLength, planeLength);
            if (c + 1 < shape.Channels)
            {
                Mask(spectrum.Plane(c + 1), mask, kind, _secondScratch);
                var second = destination.Slice((c + 1) * planeLength, planeLength);
                fft.InversePair(_scratch, _secondScratch, output, second);
                Finish(second, spectrum.Mean(c + 1), kind, forScoring);
            }
            else
            {
                fft.Inverse(_scratch, output);
            }

            Finish(output, spectrum.Mean(c), kind, forScoring);
        }
    }

    // Low-pass: X m; high-pass: X - X m; on the spectrum viewed as interleaved doubles.
    private static void Mask(ReadOnlySpan<Complex> plane, ReadOnlySpan<double> mask, FilterKind kind, Complex[] destination)
    {
        var source = MemoryMarshal.Cast<Complex, double>(plane);
        var target = MemoryMarshal.Cast<Complex, double>(destination.AsSpan());
        TensorPrimitives.Multiply(source, mask, target);
        if (kind == FilterKind.HighPass)
        {
            TensorPrimitives.Subtract(source, target, target);
        }
    }

    private static void Finish(Span<float> output, float mean, FilterKind kind, bool forScoring)
    {
        if (!forScoring)
        {
            return;
        }

        if (kind == FilterKind.HighPass)
        {
            TensorPrimitives.Add(output, mean, output);
        }

        ClipToUnitRange(output);
    }

    internal static void ClipToUnitRange(Span<float> values)
    {
        TensorPrimitives.Max(values, 0f, values);
        TensorPrimitives.Min(values, 1f, values);
    }

    private void RequireShape(ImageShape shape, FrequencyMask lowPass, Fft2D fft, int destinationLength)
    {
        if (shape.Height != Height || shape.Width != Width)
        {
            throw new ArgumentException($"The filter is for {Height} x {Width}; the spectrum is {shape}.", "spectrum");
        }

        if (lowPass.Grid.Height != Height || lowPass.Grid.Width != Width)
        {
            throw new ArgumentException($"The mask is {lowPass.Grid.Height} x {lowPass.Grid.Width}; the spectrum is {shape}.", nameof(lowPass));
        }

        if (fft.Height != Height || fft.Width != Width)
        {
            throw new ArgumentException($"The FFT is {fft.Height} x {fft.Width}; the spectrum is {shape}.", nameof(fft));
        }

        if (destinationLength != shape.Length)
        {
            throw new ArgumentException($"Expected a destination of {shape.Length} values ({shape}), got {destinationLength}.", "destination");
        }
    }
}
