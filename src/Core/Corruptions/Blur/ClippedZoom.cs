using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// The reference generators' clipped_zoom: crop the centre (ceil(n / zoom) per axis), enlarge it
/// by scipy.ndimage.zoom with order 1 (output round(crop * zoom); output index o reads input
/// o (crop - 1) / (out - 1), linear interpolation) and keep the centre n pixels.
/// </summary>
/// <remarks>
/// Bilinear interpolation is separable: columns are interpolated once per needed source row (AVX2
/// gathers where available, the same arithmetic), then rows are blended with vectorized spans.
/// </remarks>
internal sealed class ClippedZoom
{
    private readonly int[] _rowIndex;
    private readonly float[] _rowFraction;
    private readonly int[] _columnIndex;
    private readonly float[] _columnFraction;
    private readonly float[] _columnComplement;
    private readonly int[] _columnNext;
    private readonly int[] _blockShuffle;
    private readonly int _permutedBlocks;
    private readonly int _firstRow;
    private readonly int _rowsNeeded;

    public ClippedZoom(int height, int width, double zoom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zoom, 1.0);
        Height = height;
        Width = width;
        (_rowIndex, _rowFraction) = Axis(height, zoom);
        (_columnIndex, _columnFraction) = Axis(width, zoom);

        // For the gathers: 1 - t and a next index that stays inside the row (its weight is 0 there).
        _columnComplement = [.. _columnFraction.Select(t => 1f - t)];
        _columnNext = [.. _columnIndex.Select(i => Math.Min(i + 1, width - 1))];
        (_blockShuffle, _permutedBlocks) = PermutedBlocks(_columnIndex, width);
        _firstRow = _rowIndex[0];
        _rowsNeeded = Math.Min(height - 1, _rowIndex[^1] + 1) - _firstRow + 1;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Zooms one H x W plane into <paramref name="destination"/> (H x W).</summary>
    public void Apply(ReadOnlySpan<float> plane, Span<float> destination) => Run(plane, destination, accumulate: false);

    /// <summary>
    /// Adds the zoom of one H x W plane to <paramref name="accumulator"/>: bit for bit
    /// <see cref="Apply"/> into a buffer and a TensorPrimitives.Add, without the buffer's extra pass.
    /// </summary>
    public void AddTo(ReadOnlySpan<float> plane, Span<float> accumulator) => Run(plane, accumulator, accumulate: true);

    private void Run(ReadOnlySpan<float> plane, Span<float> destination, bool accumulate)
    {
        var rows = ArrayPool<float>.Shared.Rent(_rowsNeeded * Width);
        try
        {
            for (var r = 0; r < _rowsNeeded; r++)
            {
                InterpolateColumns(plane.Slice((_firstRow + r) * Width, Width), rows.AsSpan(r * Width, Width));
            }

            for (var y = 0; y < Height; y++)
            {
                var output = destination.Slice(y * Width, Width);
                var upper = rows.AsSpan((_rowIndex[y] - _firstRow) * Width, Width);
                var t = _rowFraction[y];
                if (t == 0f)
                {
                    if (accumulate)
                    {
                        TensorPrimitives.Add(output, upper, output);
                    }
                    else
                    {
                        upper.CopyTo(output);
                    }

                    continue;
                }

                var lower = rows.AsSpan((_rowIndex[y] + 1 - _firstRow) * Width, Width);
                if (accumulate)
                {
                    BlendAdd(upper, lower, 1f - t, t, output);
                }
                else
                {
                    TensorPrimitives.Multiply(upper, 1f - t, output);
                    TensorPrimitives.MultiplyAdd(lower, t, output, output);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }

    // output += (lower * t) + (upper * u): the Multiply, MultiplyAdd and Add of Apply + Add, in one pass.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlendAdd(ReadOnlySpan<float> upper, ReadOnlySpan<float> lower, float u, float t, Span<float> output)
    {
        var x = 0;
        if (Vector256.IsHardwareAccelerated && upper.Length >= output.Length && lower.Length >= output.Length)
        {
            ref var up = ref MemoryMarshal.GetReference(upper);
            ref var low = ref MemoryMarshal.GetReference(lower);
            ref var target = ref MemoryMarshal.GetReference(output);
            var (vu, vt) = (Vector256.Create(u), Vector256.Create(t));
            for (; x <= output.Length - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var blended = (Vector256.LoadUnsafe(ref low, (nuint)x) * vt) + (Vector256.LoadUnsafe(ref up, (nuint)x) * vu);
                (Vector256.LoadUnsafe(ref target, (nuint)x) + blended).StoreUnsafe(ref target, (nuint)x);
            }
        }

        for (; x < output.Length; x++)
        {
            output[x] += (lower[x] * t) + (upper[x] * u);
        }
    }

    // target[x] = (1 - t) source[i] + t source[i + 1], or source[i] where t is 0: with t = 0 the
    // sum is source[i] * 1 + 0 exactly, so the gathered path needs no branch.
    private unsafe void InterpolateColumns(ReadOnlySpan<float> source, Span<float> target)
    {
        var x = 0;
        if (Avx2.IsSupported)
        {
            fixed (float* s = source)
            fixed (int* index = _columnIndex)
            fixed (int* next = _columnNext)
            fixed (float* fraction = _columnFraction)
            fixed (float* complement = _columnComplement)
            fixed (float* t = target)
            {
                // Blocks whose eight sources fit in the eight floats from the first one: two loads
                // and two in-register permutes instead of two (slow) gathers, the same values.
                fixed (int* shuffle = _blockShuffle)
                {
                    for (var block = 0; block < _permutedBlocks; block++, x += Vector256<float>.Count)
                    {
                        var control = Avx.LoadVector256(shuffle + x);
                        var start = s + index[x];
                        var a = Avx2.PermuteVar8x32(Avx.LoadVector256(start), control);
                        var b = Avx2.PermuteVar8x32(Avx.LoadVector256(start + 1), control);
                        var value = (Avx.LoadVector256(complement + x) * a) + (Avx.LoadVector256(fraction + x) * b);
                        Avx.Store(t + x, value);
                    }
                }

                for (; x <= Width - Vector256<float>.Count; x += Vector256<float>.Count)
                {
                    var a = Avx2.GatherVector256(s, Avx.LoadVector256(index + x), 4);
                    var b = Avx2.GatherVector256(s, Avx.LoadVector256(next + x), 4);
                    var value = (Avx.LoadVector256(complement + x) * a) + (Avx.LoadVector256(fraction + x) * b);
                    Avx.Store(t + x, value);
                }
            }
        }

        for (; x < Width; x++)
        {
            var i = _columnIndex[x];
            var f = _columnFraction[x];
            target[x] = f == 0f ? source[i] : ((1f - f) * source[i]) + (f * source[i + 1]);
        }
    }

    /// <summary>
    /// For the leading blocks of eight output columns whose sources i and i + 1 all lie within the
    /// nine floats from the block's first source (and inside the row): each column's source
    /// relative to that first one, and how many such blocks there are. Indices only grow, by at
    /// most one per column (zoom at least 1), so every block but those at the row's end qualifies.
    /// </summary>
    private static (int[] Shuffle, int Blocks) PermutedBlocks(int[] index, int width)
    {
        const int lanes = 8;
        var shuffle = new int[index.Length];
        var blocks = 0;
        for (var x = 0; x + lanes <= index.Length; x += lanes, blocks++)
        {
            var first = index[x];
            if (first + 1 + lanes > width || index[x + lanes - 1] - first >= lanes)
            {
                break;
            }

            for (var k = 0; k < lanes; k++)
            {
                shuffle[x + k] = index[x + k] - first;
            }
        }

        return (shuffle, blocks);
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
