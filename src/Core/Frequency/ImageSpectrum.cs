using System.Numerics;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// The per-channel 2-D spectra of one CHW image, computed once and reused for every cutoff and every
/// hybrid partner. <see cref="Compute"/> overwrites the storage, so one instance serves image after image
/// without allocating. Not thread-safe.
/// </summary>
public sealed class ImageSpectrum
{
    private readonly Complex[] _planes;

    public ImageSpectrum(ImageShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Width, 1);
        Shape = shape;
        _planes = new Complex[shape.Length];
    }

    public ImageShape Shape { get; }

    /// <summary>H * W.</summary>
    public int PlaneLength => Shape.Height * Shape.Width;

    /// <summary>Transforms every channel of <paramref name="image"/> (CHW, <see cref="Shape"/>) into this instance.</summary>
    public void Compute(ReadOnlySpan<float> image, Fft2D fft)
    {
        ArgumentNullException.ThrowIfNull(fft);
        if (image.Length != Shape.Length)
        {
            throw new ArgumentException($"Expected a {Shape} image ({Shape.Length} values), got {image.Length}.", nameof(image));
        }

        RequireMatchingFft(fft);
        var planeLength = PlaneLength;
        // Two real planes per complex transform; an odd last channel alone.
        var c = 0;
        for (; c + 1 < Shape.Channels; c += 2)
        {
            fft.ForwardPair(
                image.Slice(c * planeLength, planeLength),
                image.Slice((c + 1) * planeLength, planeLength),
                _planes.AsSpan(c * planeLength, planeLength),
                _planes.AsSpan((c + 1) * planeLength, planeLength));
        }

        if (c < Shape.Channels)
        {
            fft.Forward(image.Slice(c * planeLength, planeLength), _planes.AsSpan(c * planeLength, planeLength));
        }
    }

    /// <summary>
    /// Transforms every channel of <paramref name="minuend"/> - <paramref name="subtrahend"/> (both CHW, <see cref="Shape"/>;
    /// the difference taken in float64) into this instance: by linearity the difference of their spectra.
    /// </summary>
    public void ComputeDifference(ReadOnlySpan<float> minuend, ReadOnlySpan<float> subtrahend, Fft2D fft)
    {
        ArgumentNullException.ThrowIfNull(fft);
        if (minuend.Length != Shape.Length || subtrahend.Length != Shape.Length)
        {
            throw new ArgumentException($"Expected two {Shape} images ({Shape.Length} values), got {minuend.Length} and {subtrahend.Length}.", nameof(subtrahend));
        }

        RequireMatchingFft(fft);
        var n = PlaneLength;
        var c = 0;
        for (; c + 1 < Shape.Channels; c += 2)
        {
            fft.ForwardDifferencePair(
                minuend.Slice(c * n, n),
                subtrahend.Slice(c * n, n),
                minuend.Slice((c + 1) * n, n),
                subtrahend.Slice((c + 1) * n, n),
                _planes.AsSpan(c * n, n),
                _planes.AsSpan((c + 1) * n, n));
        }

        if (c < Shape.Channels)
        {
            fft.ForwardDifference(minuend.Slice(c * n, n), subtrahend.Slice(c * n, n), _planes.AsSpan(c * n, n));
        }
    }

    /// <summary>The spectrum of channel <paramref name="channel"/>, H * W, unshifted.</summary>
    public ReadOnlySpan<Complex> Plane(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Shape.Channels);
        return _planes.AsSpan(channel * PlaneLength, PlaneLength);
    }

    /// <summary>The spatial mean of channel <paramref name="channel"/>: DC / (H W).</summary>
    public float Mean(int channel) => (float)(Plane(channel)[0].Real / PlaneLength);

    internal void RequireMatchingFft(Fft2D fft)
    {
        if (fft.Height != Shape.Height || fft.Width != Shape.Width)
        {
            throw new ArgumentException($"The FFT is {fft.Height} x {fft.Width}; the image is {Shape}.", nameof(fft));
        }
    }
}
