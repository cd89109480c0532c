using System.Buffers;
using System.Numerics.Tensors;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// Direct 2-D correlation with a square, non-separable kernel (the defocus disk), like
/// cv2.filter2D: the kernel's exact zeros are skipped and the remaining taps of a row are summed in registers
/// (<see cref="TapSums"/>).
/// </summary>
internal sealed class PlaneCorrelation
{
    private readonly int[] _tapRows;
    private readonly int[] _tapColumns;
    private readonly float[] _tapWeights;

    public PlaneCorrelation(ReadOnlySpan<float> kernel, int size, BorderMode border)
    {
        if (size % 2 != 1 || kernel.Length != size * size)
        {
            throw new ArgumentException("Expected an odd square kernel.", nameof(kernel));
        }

        Border = border;
        Radius = size / 2;
        var rows = new List<int>();
        var columns = new List<int>();
        var weights = new List<float>();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (kernel[(y * size) + x] != 0f)
                {
                    rows.Add(y - Radius);
                    columns.Add(x - Radius);
                    weights.Add(kernel[(y * size) + x]);
                }
            }
        }

        _tapRows = [.. rows];
        _tapColumns = [.. columns];
        _tapWeights = [.. weights];

        // Padding only as far as the furthest non-zero tap reaches.
        Reach = _tapRows.Length == 0 ? 0 : Math.Max(_tapRows.Max(Math.Abs), _tapColumns.Max(Math.Abs));
    }

    public BorderMode Border { get; }

    public int Radius { get; }

    /// <summary>The largest offset of a non-zero tap.</summary>
    public int Reach { get; }

    public int TapCount => _tapWeights.Length;

    public void Apply(ReadOnlySpan<float> plane, int height, int width, Span<float> destination)
    {
        var paddedWidth = width + (2 * Reach);
        var paddedHeight = height + (2 * Reach);
        var padded = ArrayPool<float>.Shared.Rent(paddedWidth * paddedHeight);
        try
        {
            for (var y = 0; y < paddedHeight; y++)
            {
                var source = plane.Slice(Blur.Border.Map(y - Reach, height, Border) * width, width);
                var target = padded.AsSpan(y * paddedWidth, paddedWidth);
                if (Reach >= width)
                {
                    for (var x = 0; x < paddedWidth; x++)
                    {
                        target[x] = source[Blur.Border.Map(x - Reach, width, Border)];
                    }

                    continue;
                }

                // Only the margins need the border rule; the middle is the row itself.
                for (var x = 0; x < Reach; x++)
                {
                    target[x] = source[Blur.Border.Map(x - Reach, width, Border)];
                    target[Reach + width + x] = source[Blur.Border.Map(width + x, width, Border)];
                }

                source.CopyTo(target.Slice(Reach, width));
            }

            Span<int> offsets = _tapWeights.Length <= 1024 ? stackalloc int[_tapWeights.Length] : new int[_tapWeights.Length];
            for (var t = 0; t < offsets.Length; t++)
            {
                offsets[t] = ((Reach + _tapRows[t]) * paddedWidth) + Reach + _tapColumns[t];
            }

            for (var y = 0; y < height; y++)
            {
                // Row y's taps start at padded row y; the sum starts from 0 as cv2.filter2D's does.
                TapSums.Sum(padded.AsSpan(y * paddedWidth), offsets, _tapWeights, fromZero: true, destination.Slice(y * width, width));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }
}
