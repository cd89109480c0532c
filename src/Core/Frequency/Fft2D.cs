using System.Numerics;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// The 2-D DFT of one H x W plane, any size (powers of two or not): forward X[u,v] =
/// sum x[y,x] exp(-2 pi i (u y / H + v x / W)) unnormalized; inverse with 1/(H W). Spectra are H * W,
/// row-major, unshifted, in float64 complex.
/// Not thread-safe: an instance owns scratch buffers that every call reuses. Create one per thread.
/// </summary>
public sealed class Fft2D
{
    private readonly MathNetFft2D _transform;

    public Fft2D(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _transform = new MathNetFft2D(height, width);
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>H * W.</summary>
    public int Length => Height * Width;

    /// <summary>Unnormalized forward DFT of a real plane (H * W, row-major) into <paramref name="spectrum"/> (H * W).</summary>
    public void Forward(ReadOnlySpan<float> plane, Span<Complex> spectrum)
    {
        RequireLength(plane.Length, nameof(plane));
        RequireLength(spectrum.Length, nameof(spectrum));
        _transform.Forward(plane, spectrum);
    }

    /// <summary>The real part of the inverse DFT (scaled by 1/(H W)) of <paramref name="spectrum"/> into <paramref name="realPart"/>.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<float> realPart)
    {
        RequireLength(spectrum.Length, nameof(spectrum));
        RequireLength(realPart.Length, nameof(realPart));
        _transform.Inverse(spectrum, realPart);
    }

    private void RequireLength(int length, string name)
    {
        if (length != Length)
        {
            throw new ArgumentException($"Expected {Height} x {Width} = {Length} values, got {length}.", name);
        }
    }
}
