using System.Numerics;
using System.Numerics.Tensors;
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

    public SpectralFilter(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _scratch = new Complex[height * width];
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
        var mask = lowPass.Values;
        var planeLength = _scratch.Length;
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = spectrum.Plane(c);
            if (kind == FilterKind.LowPass)
            {
                for (var i = 0; i < planeLength; i++)
                {
                    _scratch[i] = plane[i] * mask[i];
                }
            }
            else
            {
                for (var i = 0; i < planeLength; i++)
                {
                    _scratch[i] = plane[i] * (1.0 - mask[i]);
                }
            }

            var output = destination.Slice(c * planeLength, planeLength);
            fft.Inverse(_scratch, output);
            if (!forScoring)
            {
                continue;
            }

            if (kind == FilterKind.HighPass)
            {
                TensorPrimitives.Add(output, spectrum.Mean(c), output);
            }

            ClipToUnitRange(output);
        }
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
