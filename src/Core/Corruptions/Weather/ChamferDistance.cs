using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// cv2.distanceTransform(255 - edges, DIST_L2, 5) truncated at a level, for the spatter shading:
/// OpenCV's two-pass 5x5 chamfer with costs 1, 1.4 and 2.1969 in 16-bit fixed point; pixels
/// outside the image are never sources.
/// </summary>
/// <remarks>
/// Each pass takes a pixel's minimum over the rows already done (vectorized across the row) and
/// then over its neighbour in the same row (a short scalar scan). Values are int32 capped at
/// <see cref="Far"/>: capping after every step gives exactly min(true value, Far), and every value
/// at or above Far ends up as the truncation anyway, so the result is bit for bit OpenCV's.
/// </remarks>
internal static class ChamferDistance
{
    private const int FixedShift = 16;
    private const int Border = 2;

    /// <summary>"No edge reached": far above any real distance, and Far plus a cost stays inside int32.</summary>
    private const int Far = 1 << 30;

    private static readonly int Straight = (int)Math.Round(1.0 * (1 << FixedShift));
    private static readonly int Diagonal = (int)Math.Round(1.4 * (1 << FixedShift));
    private static readonly int Knight = (int)Math.Round(2.1969 * (1 << FixedShift));

    /// <summary>min(distance to the nearest true pixel of <paramref name="edges"/>, <paramref name="truncation"/>) per pixel.</summary>
    public static void Compute(ReadOnlySpan<bool> edges, int height, int width, float truncation, Span<float> distance)
    {
        if (truncation > Far >> FixedShift)
        {
            throw new ArgumentOutOfRangeException(nameof(truncation));
        }

        var stride = width + (2 * Border);
        var length = (height + (2 * Border)) * stride;
        var workBuffer = ArrayPool<int>.Shared.Rent(length + width);
        try
        {
            var work = workBuffer.AsSpan(0, length);
            work.Fill(Far);
            Run(edges, height, width, truncation, distance, work, stride, workBuffer.AsSpan(length, width));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(workBuffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ReadOnlySpan<bool> edges, int height, int width, float truncation, Span<float> distance, Span<int> work, int stride, Span<int> fromRows)
    {
        var straight = Straight;
        int At(int y, int x) => ((y + Border) * stride) + x + Border;

        // Forward: rows y - 2 and y - 1, then the left neighbour.
        for (var y = 0; y < height; y++)
        {
            FromRows(work, At(y, 0), -stride, fromRows);
            var row = work.Slice(At(y, 0), width);
            var edgeRow = edges.Slice(y * width, width);
            var left = Far;
            for (var x = 0; x < width; x++)
            {
                var best = edgeRow[x] ? 0 : Math.Min(Math.Min(fromRows[x], left + straight), Far);
                row[x] = best;
                left = best;
            }
        }

        // Backward: rows y + 2 and y + 1, then the right neighbour. OpenCV skips pixels already at
        // most one step away; their minimum could not go lower (every candidate is at least a step).
        for (var y = height - 1; y >= 0; y--)
        {
            FromRows(work, At(y, 0), stride, fromRows);
            var row = work.Slice(At(y, 0), width);
            var output = distance.Slice(y * width, width);
            var right = Far;
            for (var x = width - 1; x >= 0; x--)
            {
                var best = Math.Min(row[x], Math.Min(fromRows[x], right + straight));
                row[x] = best;
                right = best;
                output[x] = Math.Min((float)(best * (1.0 / (1 << FixedShift))), truncation);
            }
        }
    }

    /// <summary>
    /// For each x of the row at <paramref name="start"/>: the minimum over the 5x5 chamfer's taps in
    /// the two rows before it along the pass (<paramref name="step"/> = -stride forward, +stride backward).
    /// The backward taps mirror the forward ones through the pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FromRows(ReadOnlySpan<int> work, int start, int step, Span<int> fromRows)
    {
        var (straight, diagonal, knight) = (Straight, Diagonal, Knight);
        var width = fromRows.Length;

        // One bounds check for the whole neighbourhood instead of seven per pixel.
        var first = start + (2 * Math.Min(step, 0)) - 2;
        var last = start + (2 * Math.Max(step, 0)) + width + 2;
        ref var origin = ref Unsafe.Add(ref MemoryMarshal.GetReference(work[first..last]), start - first);
        var (near, far) = (step, 2 * step);
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (vs, vd, vk) = (Vector256.Create(straight), Vector256.Create(diagonal), Vector256.Create(knight));
            for (; x <= width - Vector256<int>.Count; x += Vector256<int>.Count)
            {
                ref var p = ref Unsafe.Add(ref origin, x);
                var best = Vector256.LoadUnsafe(ref Unsafe.Add(ref p, far - 1)) + vk;
                best = Vector256.Min(best, Vector256.LoadUnsafe(ref Unsafe.Add(ref p, far + 1)) + vk);
                best = Vector256.Min(best, Vector256.LoadUnsafe(ref Unsafe.Add(ref p, near - 2)) + vk);
                best = Vector256.Min(best, Vector256.LoadUnsafe(ref Unsafe.Add(ref p, near - 1)) + vd);
                best = Vector256.Min(best, Vector256.LoadUnsafe(ref Unsafe.Add(ref p, near)) + vs);
                best = Vector256.Min(best, Vector256.LoadUnsafe(ref Unsafe.Add(ref p, near + 1)) + vd);
                best = Vector256.Min(best, Vector256.LoadUnsafe(ref Unsafe.Add(ref p, near + 2)) + vk);
                best.StoreUnsafe(ref MemoryMarshal.GetReference(fromRows), (nuint)x);
            }
        }

        for (; x < width; x++)
        {
            ref var p = ref Unsafe.Add(ref origin, x);
            var best = Unsafe.Add(ref p, far - 1) + knight;
            best = Math.Min(best, Unsafe.Add(ref p, far + 1) + knight);
            best = Math.Min(best, Unsafe.Add(ref p, near - 2) + knight);
            best = Math.Min(best, Unsafe.Add(ref p, near - 1) + diagonal);
            best = Math.Min(best, Unsafe.Add(ref p, near) + straight);
            best = Math.Min(best, Unsafe.Add(ref p, near + 1) + diagonal);
            best = Math.Min(best, Unsafe.Add(ref p, near + 2) + knight);
            fromRows[x] = best;
        }
    }
}
