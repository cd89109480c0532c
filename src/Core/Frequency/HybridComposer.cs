using System.Numerics;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// Hybrid images: per channel X = clip(Re(IFFT2(F(A) * M + F(B) * (1 - M))), 0, 1), A the low-frequency
/// source and B the high-frequency source. Holds one complex scratch plane for its H x W, so composing
/// allocates nothing. Not thread-safe: one instance per thread.
/// </summary>
public sealed class HybridComposer
{
    private readonly Complex[] _scratch;

    public HybridComposer(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _scratch = new Complex[height * width];
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

        var mask = lowPass.Values;
        var planeLength = _scratch.Length;
        for (var c = 0; c < shape.Channels; c++)
        {
            var low = a.Plane(c);
            var high = b.Plane(c);
            for (var i = 0; i < planeLength; i++)
            {
                double m = mask[i];
                _scratch[i] = (low[i] * m) + (high[i] * (1.0 - m));
            }

            var output = destination.Slice(c * planeLength, planeLength);
            fft.Inverse(_scratch, output);
            SpectralFilter.ClipToUnitRange(output);
        }
    }
}
