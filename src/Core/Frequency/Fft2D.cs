using System.Numerics;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// The 2-D DFT of one H x W plane, any size (powers of two or not): forward X[u,v] =
/// sum x[y,x] exp(-2 pi i (u y / H + v x / W)) unnormalized; inverse with 1/(H W). Spectra are H * W,
/// row-major, unshifted, in float64 complex. Separable: a <see cref="MixedRadixFftPlan"/> over each row,
/// then one over all columns at once (interleaved), with no allocation per call. Tested against a naive
/// DFT and against MathNet (<see cref="MathNetFft2D"/>), which it replaces: in FftBenchmarks it is about
/// 10x faster at 32 px and 27x at 224 px, allocation-free (MathNet's Bluestein allocates ~23 MB per
/// 224 x 224 forward + inverse).
/// Not thread-safe: an instance owns scratch buffers that every call reuses. Create one per thread.
/// </summary>
public sealed class Fft2D
{
    private readonly MixedRadixFftPlan _rowPlan;
    private readonly MixedRadixFftPlan _columnPlan;
    private readonly Complex[] _work;
    private readonly Complex[] _scratch;
    private readonly double _inverseScale;

    public Fft2D(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _rowPlan = new MixedRadixFftPlan(width);
        _columnPlan = height == width ? _rowPlan : new MixedRadixFftPlan(height);
        _work = new Complex[height * width];
        _scratch = new Complex[height * width];
        _inverseScale = 1.0 / (height * (double)width);
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
        for (var i = 0; i < plane.Length; i++)
        {
            spectrum[i] = new Complex(plane[i], 0);
        }

        Transform(spectrum, inverse: false);
    }

    /// <summary>The real part of the inverse DFT (scaled by 1/(H W)) of <paramref name="spectrum"/> into <paramref name="realPart"/>.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<float> realPart)
    {
        RequireLength(spectrum.Length, nameof(spectrum));
        RequireLength(realPart.Length, nameof(realPart));
        spectrum.CopyTo(_work);
        Transform(_work, inverse: true);
        var scale = _inverseScale;
        for (var i = 0; i < realPart.Length; i++)
        {
            realPart[i] = (float)(_work[i].Real * scale);
        }
    }

    /// <summary>Unscaled 2-D transform of <paramref name="data"/> (H * W) in place.</summary>
    private void Transform(Span<Complex> data, bool inverse)
    {
        for (var y = 0; y < Height; y++)
        {
            _rowPlan.Transform(data.Slice(y * Width, Width), _scratch.AsSpan(y * Width, Width), batch: 1, inverse);
        }

        // Column y-index i of column x sits at x + W * i: W interleaved sequences.
        _columnPlan.Transform(data, _scratch, batch: Width, inverse);
    }

    private void RequireLength(int length, string name)
    {
        if (length != Length)
        {
            throw new ArgumentException($"Expected {Height} x {Width} = {Length} values, got {length}.", name);
        }
    }
}
