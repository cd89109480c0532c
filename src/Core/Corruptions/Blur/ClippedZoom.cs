using System.Buffers;
using System.Numerics.Tensors;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// The reference generators' clipped_zoom: crop the centre (ceil(n / zoom) per axis), enlarge it
/// by scipy.ndimage.zoom with order 1 (output round(crop * zoom); output index o reads input
/// o (crop - 1) / (out - 1), linear interpolation) and keep the centre n pixels.
/// </summary>
/// <remarks>
/// Bilinear interpolation is separable: columns are interpolated once per needed source row, then
/// rows are blended with vectorized spans.
/// </remarks>
internal sealed class ClippedZoom
{
    private readonly int[] _rowIndex;
    private readonly float[] _rowFraction;
    private readonly int[] _columnIndex;
    private readonly float[] _columnFraction;
    private readonly int _firstRow;
    private readonly int _rowsNeeded;

    public ClippedZoom(int height, int width, double zoom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zoom, 1.0);
        Height = height;
        Width = width;
        (_rowIndex, _rowFraction) = Axis(height, zoom);
        (_columnIndex, _columnFraction) = Axis(width, zoom);
        _firstRow = _rowIndex[0];
        _rowsNeeded = Math.Min(height - 1, _rowIndex[^1] + 1) - _firstRow + 1;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Zooms one H x W plane into <paramref name="destination"/> (H x W).</summary>
    public void Apply(ReadOnlySpan<float> plane, Span<float> destination)
    {
        var rows = ArrayPool<float>.Shared.Rent(_rowsNeeded * Width);
        try
        {
            for (var r = 0; r < _rowsNeeded; r++)
            {
                var source = plane.Slice((_firstRow + r) * Width, Width);
                var target = rows.AsSpan(r * Width, Width);
                for (var x = 0; x < Width; x++)
                {
                    var i = _columnIndex[x];
                    var t = _columnFraction[x];
                    target[x] = t == 0f ? source[i] : ((1f - t) * source[i]) + (t * source[i + 1]);
                }
            }

            for (var y = 0; y < Height; y++)
            {
                var output = destination.Slice(y * Width, Width);
                var upper = rows.AsSpan((_rowIndex[y] - _firstRow) * Width, Width);
                var t = _rowFraction[y];
                if (t == 0f)
                {
                    upper.CopyTo(output);
                    continue;
                }

                var lower = rows.AsSpan((_rowIndex[y] + 1 - _firstRow) * Width, Width);
                TensorPrimitives.Multiply(upper, 1f - t, output);
                TensorPrimitives.MultiplyAdd(lower, t, output, output);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    /// <summary>For each kept output position along one axis: the source index and the weight of the next one.</summary>
    private static (int[] Index, float[] Fraction) Axis(int length, double zoom)
    {
        var crop = (int)Math.Ceiling(length / zoom);
        var top = (length - crop) / 2;
        var zoomed = (int)Math.Round(crop * zoom, MidpointRounding.ToEven);
        var trim = Math.Max(0, (zoomed - length) / 2);

        // grid_mode=False: the first and last output samples sit on the first and last input ones.
        var step = zoomed > 1 ? (crop - 1) / (double)(zoomed - 1) : 0.0;
        var index = new int[length];
        var fraction = new float[length];
        for (var o = 0; o < length; o++)
        {
            var coordinate = Math.Min((o + trim) * step, crop - 1);
            var whole = (int)Math.Floor(coordinate);
            var t = coordinate - whole;
            if (whole >= crop - 1)
            {
                whole = crop - 1;
                t = 0;
            }

            index[o] = top + whole;
            fraction[o] = (float)t;
        }

        return (index, fraction);
    }
}
