using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace CloudFreq.Core.Frequency;

/// <summary>
/// 2-D DFT through MathNet.Numerics 1-D transforms over rows then columns (Fourier.Forward / Inverse with
/// FourierOptions.Matlab: unscaled forward with exp(-2 pi i k n / N), inverse scaled by 1/N per axis, so
/// 1/(H W) in all). MathNet 5's managed provider throws NotSupportedException for Forward2D/Inverse2D,
/// hence the separable form. Kept as the reference that <see cref="Fft2D"/> is tested and benchmarked
/// against. Not thread-safe (scratch buffers).
/// </summary>
internal sealed class MathNetFft2D
{
    private readonly Complex[] _work;
    private readonly Complex[] _row;
    private readonly Complex[] _column;

    public MathNetFft2D(int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Height = height;
        Width = width;
        _work = new Complex[height * width];
        _row = new Complex[width];
        _column = new Complex[height];
    }

    public int Height { get; }

    public int Width { get; }

    public void Forward(ReadOnlySpan<float> plane, Span<Complex> spectrum)
    {
        for (var i = 0; i < _work.Length; i++)
        {
            _work[i] = new Complex(plane[i], 0);
        }

        Transform(inverse: false);
        _work.AsSpan().CopyTo(spectrum);
    }

    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<float> realPart)
    {
        spectrum[.._work.Length].CopyTo(_work);
        Transform(inverse: true);
        for (var i = 0; i < _work.Length; i++)
        {
            realPart[i] = (float)_work[i].Real;
        }
    }

    private void Transform(bool inverse)
    {
        // MathNet's 1-D API takes whole arrays, so each row and column goes through a scratch array.
        for (var y = 0; y < Height; y++)
        {
            var row = _work.AsSpan(y * Width, Width);
            row.CopyTo(_row);
            Transform1D(_row, inverse);
            _row.CopyTo(row);
        }

        for (var x = 0; x < Width; x++)
        {
            for (var y = 0; y < Height; y++)
            {
                _column[y] = _work[(y * Width) + x];
            }

            Transform1D(_column, inverse);
            for (var y = 0; y < Height; y++)
            {
                _work[(y * Width) + x] = _column[y];
            }
        }
    }

    private static void Transform1D(Complex[] samples, bool inverse)
    {
        if (inverse)
        {
            Fourier.Inverse(samples, FourierOptions.Matlab);
        }
        else
        {
            Fourier.Forward(samples, FourierOptions.Matlab);
        }
    }
}
