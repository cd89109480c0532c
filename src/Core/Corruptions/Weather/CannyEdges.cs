using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// cv2.Canny(image, low, high) as the spatter shading calls it: a 3x3 Sobel (replicated border),
/// the L1 gradient norm, non-maximum suppression along the quantized gradient direction and
/// hysteresis from the strong edges to the 8-connected weak ones.
/// </summary>
internal static class CannyEdges
{
    /// <summary>Sets <paramref name="edges"/> (height * width, cleared by the caller) where cv2.Canny finds an edge.</summary>
    public static void Detect(ReadOnlySpan<byte> image, int height, int width, int low, int high, Span<bool> edges)
    {
        var count = height * width;
        // Gradients, magnitude and the hysteresis stack (each pixel is pushed at most once).
        var buffer = ArrayPool<int>.Shared.Rent(4 * count);
        var candidates = ArrayPool<bool>.Shared.Rent(count);
        try
        {
            var candidate = candidates.AsSpan(0, count);
            candidate.Clear();
            var dx = buffer.AsSpan(0, count);
            var dy = buffer.AsSpan(count, count);
            var magnitude = buffer.AsSpan(2 * count, count);
            var stack = buffer.AsSpan(3 * count, count);
            for (var y = 0; y < height; y++)
            {
                Sobel(image, height, width, y, dx, dy, magnitude);
            }

            var strong = Suppress(height, width, low, high, dx, dy, magnitude, candidate, edges, stack);
            Hysteresis(height, width, candidate, edges, stack, strong);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
            ArrayPool<bool>.Shared.Return(candidates);
        }
    }

    /// <summary>The Sobel derivatives and L1 magnitude of row <paramref name="y"/>; integer sums, so vector lanes give the same values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Sobel(ReadOnlySpan<byte> image, int height, int width, int y, Span<int> dx, Span<int> dy, Span<int> magnitude)
    {
        var up = Math.Max(y - 1, 0) * width;
        var row = y * width;
        var down = Math.Min(y + 1, height - 1) * width;
        // Column 0 and the columns after the vectorized ones take the border rule one by one.
        Column(image, width, up, row, down, 0, dx, dy, magnitude);
        var x = 1;
        if (Avx2.IsSupported)
        {
            // Columns 1 .. width - 2 need no border rule; eight at a time, widened from bytes.
            fixed (byte* pixels = image)
            fixed (int* gxOut = dx, gyOut = dy, mOut = magnitude)
            {
                for (; x + 8 <= width - 1; x += 8)
                {
                    var u = pixels + up + x;
                    var r = pixels + row + x;
                    var d = pixels + down + x;
                    var (upLeft, upCentre, upRight) = (Avx2.ConvertToVector256Int32(u - 1), Avx2.ConvertToVector256Int32(u), Avx2.ConvertToVector256Int32(u + 1));
                    var (left, right) = (Avx2.ConvertToVector256Int32(r - 1), Avx2.ConvertToVector256Int32(r + 1));
                    var (downLeft, downCentre, downRight) = (Avx2.ConvertToVector256Int32(d - 1), Avx2.ConvertToVector256Int32(d), Avx2.ConvertToVector256Int32(d + 1));
                    var gx = (upRight - upLeft) + ((right - left) * 2) + (downRight - downLeft);
                    var gy = (downLeft - upLeft) + ((downCentre - upCentre) * 2) + (downRight - upRight);
                    var at = row + x;
                    Avx.Store(gxOut + at, gx);
                    Avx.Store(gyOut + at, gy);
                    Avx.Store(mOut + at, Avx2.Abs(gx).AsInt32() + Avx2.Abs(gy).AsInt32());
                }
            }
        }

        for (; x < width; x++)
        {
            Column(image, width, up, row, down, x, dx, dy, magnitude);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column(ReadOnlySpan<byte> image, int width, int up, int row, int down, int x, Span<int> dx, Span<int> dy, Span<int> magnitude)
    {
        var left = Math.Max(x - 1, 0);
        var right = Math.Min(x + 1, width - 1);
        var gx = (image[up + right] - image[up + left]) + (2 * (image[row + right] - image[row + left])) + (image[down + right] - image[down + left]);
        var gy = (image[down + left] - image[up + left]) + (2 * (image[down + x] - image[up + x])) + (image[down + right] - image[up + right]);
        dx[row + x] = gx;
        dy[row + x] = gy;
        magnitude[row + x] = Math.Abs(gx) + Math.Abs(gy);
    }

    /// <summary>
    /// Non-maximum suppression along the quantized gradient direction (OpenCV's fixed-point tan 22.5):
    /// marks the candidates above <paramref name="low"/>, the strong ones (above <paramref name="high"/>)
    /// as edges, and pushes those on <paramref name="stack"/>; returns how many were pushed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Suppress(
        int height, int width, int low, int high, ReadOnlySpan<int> dx, ReadOnlySpan<int> dy, ReadOnlySpan<int> magnitude,
        Span<bool> candidate, Span<bool> edges, Span<int> stack)
    {
        const int shift = 15;
        var tan22 = (int)((0.4142135623730950488016887242097 * (1 << shift)) + 0.5);
        var strong = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                var m = magnitude[i];
                if (m <= low)
                {
                    continue;
                }

                var gx = Math.Abs(dx[i]);
                var gy = Math.Abs(dy[i]) << shift;
                var tan22x = gx * tan22;
                bool isMaximum;
                if (gy < tan22x)
                {
                    isMaximum = m > MagnitudeAt(magnitude, height, width, y, x - 1) && m >= MagnitudeAt(magnitude, height, width, y, x + 1);
                }
                else if (gy > tan22x + (gx << (shift + 1)))
                {
                    isMaximum = m > MagnitudeAt(magnitude, height, width, y - 1, x) && m >= MagnitudeAt(magnitude, height, width, y + 1, x);
                }
                else
                {
                    var s = (dx[i] ^ dy[i]) < 0 ? -1 : 1;
                    isMaximum = m > MagnitudeAt(magnitude, height, width, y - 1, x - s) && m > MagnitudeAt(magnitude, height, width, y + 1, x + s);
                }

                if (isMaximum)
                {
                    candidate[i] = true;
                    if (m > high)
                    {
                        edges[i] = true;
                        stack[strong++] = i;
                    }
                }
            }
        }

        return strong;
    }

    /// <summary>Hysteresis: weak candidates 8-connected to a strong edge become edges (the stack is LIFO, as before).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Hysteresis(int height, int width, ReadOnlySpan<bool> candidate, Span<bool> edges, Span<int> stack, int depth)
    {
        while (depth > 0)
        {
            var i = stack[--depth];
            var (y, x) = Math.DivRem(i, width);
            for (var ny = Math.Max(y - 1, 0); ny <= Math.Min(y + 1, height - 1); ny++)
            {
                for (var nx = Math.Max(x - 1, 0); nx <= Math.Min(x + 1, width - 1); nx++)
                {
                    var n = (ny * width) + nx;
                    if (candidate[n] && !edges[n])
                    {
                        edges[n] = true;
                        stack[depth++] = n;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MagnitudeAt(ReadOnlySpan<int> magnitude, int height, int width, int y, int x) =>
        (uint)y < (uint)height && (uint)x < (uint)width ? magnitude[(y * width) + x] : 0;
}
