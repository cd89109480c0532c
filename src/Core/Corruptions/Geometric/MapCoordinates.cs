using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Geometric;

/// <summary>
/// scipy.ndimage.map_coordinates(order=1, mode="reflect") of three planes at (y + dy, x + dx), as
/// elastic_transform samples its warped image: bilinear in float64, clipped to [0, 1]. Four pixels
/// at a time where all four read inside the image (neighbour pairs loaded together); pixels near a border fold their indices one by one.
/// </summary>
internal static class MapCoordinates
{
    /// <summary>
    /// destination = warped sampled at row y + (float)(rowShift * alpha), column x + (float)(columnShift * alpha)
    /// (the generator casts the scaled field to float32 before adding it to the integer grid).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Remap(ReadOnlySpan<float> warped, ReadOnlySpan<double> columnShift, ReadOnlySpan<double> rowShift, double alpha, int height, int width, Span<float> destination)
    {
        var plane = height * width;
        _ = warped[..(3 * plane)];
        _ = destination[..(3 * plane)];
        _ = columnShift[..plane];
        _ = rowShift[..plane];
        fixed (float* source = warped)
        fixed (float* output = destination)
        fixed (double* columns = columnShift)
        fixed (double* rows = rowShift)
        {
            for (var y = 0; y < height; y++)
            {
                var x = 0;
                if (Avx2.IsSupported)
                {
                    for (; x <= width - Vector256<double>.Count; x += Vector256<double>.Count)
                    {
                        if (!TryRemapFour(source, columns, rows, alpha, height, width, x, y, output))
                        {
                            RemapPixels(warped, columnShift, rowShift, alpha, height, width, x, x + Vector256<double>.Count, y, destination);
                        }
                    }
                }

                RemapPixels(warped, columnShift, rowShift, alpha, height, width, x, width, y, destination);
            }
        }
    }

    /// <summary>Pixels [<paramref name="start"/>, <paramref name="end"/>) of row <paramref name="y"/>, one at a time.</summary>
    private static void RemapPixels(
        ReadOnlySpan<float> warped, ReadOnlySpan<double> columnShift, ReadOnlySpan<double> rowShift, double alpha, int height, int width, int start, int end, int y, Span<float> destination)
    {
        var plane = height * width;
        var red = warped[..plane];
        var green = warped.Slice(plane, plane);
        var blue = warped.Slice(2 * plane, plane);
        var outRed = destination[..plane];
        var outGreen = destination.Slice(plane, plane);
        var outBlue = destination.Slice(2 * plane, plane);
        for (var x = start; x < end; x++)
        {
            var pixel = (y * width) + x;
            var row = y + (double)(float)(rowShift[pixel] * alpha);
            var column = x + (double)(float)(columnShift[pixel] * alpha);
            var rowFloor = Math.Floor(row);
            var columnFloor = Math.Floor(column);
            var fy = row - rowFloor;
            var fx = column - columnFloor;
            var row0 = (int)rowFloor;
            var column0 = (int)columnFloor;
            var top = NdimageBoundaryIndex.Resolve(row0, height, NdimageBoundary.Reflect) * width;
            var bottom = NdimageBoundaryIndex.Resolve(row0 + 1, height, NdimageBoundary.Reflect) * width;
            var left = NdimageBoundaryIndex.Resolve(column0, width, NdimageBoundary.Reflect);
            var right = NdimageBoundaryIndex.Resolve(column0 + 1, width, NdimageBoundary.Reflect);
            var (w00, w01, w10, w11) = ((1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx);
            outRed[pixel] = Sample(red, top, bottom, left, right, w00, w01, w10, w11);
            outGreen[pixel] = Sample(green, top, bottom, left, right, w00, w01, w10, w11);
            outBlue[pixel] = Sample(blue, top, bottom, left, right, w00, w01, w10, w11);
        }

        static float Sample(ReadOnlySpan<float> p, int top, int bottom, int left, int right, double w00, double w01, double w10, double w11) =>
            (float)Math.Clamp((w00 * p[top + left]) + (w01 * p[top + right]) + (w10 * p[bottom + left]) + (w11 * p[bottom + right]), 0, 1);
    }

    /// <summary>
    /// Pixels x..x+3 of row y with the same float64 operations as <see cref="RemapPixels"/>; false,
    /// with nothing written, unless all four read inside the image.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool TryRemapFour(float* source, double* columns, double* rows, double alpha, int height, int width, int x, int y, float* output)
    {
        var pixel = (y * width) + x;
        var rowShift = Avx.ConvertToVector256Double(Avx.ConvertToVector128Single(Vector256.Load(rows + pixel) * alpha));
        var columnShift = Avx.ConvertToVector256Double(Avx.ConvertToVector128Single(Vector256.Load(columns + pixel) * alpha));
        var row = Vector256.Create((double)y) + rowShift;
        var column = (Vector256.Create(0.0, 1, 2, 3) + Vector256.Create((double)x)) + columnShift;
        var rowFloor = Vector256.Floor(row);
        var columnFloor = Vector256.Floor(column);

        // Integral already; anything outside int converts to int.MinValue and fails the inside test.
        var row0 = Avx.ConvertToVector128Int32WithTruncation(rowFloor);
        var column0 = Avx.ConvertToVector128Int32WithTruncation(columnFloor);
        var inside = Vector128.LessThan(row0.AsUInt32(), Vector128.Create((uint)(height - 1)))
            & Vector128.LessThan(column0.AsUInt32(), Vector128.Create((uint)(width - 1)));
        if (inside != Vector128<uint>.AllBitsSet)
        {
            return false;
        }

        var fy = row - rowFloor;
        var fx = column - columnFloor;
        var one = Vector256<double>.One;
        var (gy, gx) = (one - fy, one - fx);
        var (w00, w01, w10, w11) = (gy * gx, gy * fx, fy * gx, fy * fx);
        var topLeft = (row0 * width) + column0;
        var bottomLeft = topLeft + Vector128.Create(width);
        var plane = height * width;
        for (var channel = 0; channel < 3; channel++)
        {
            var p = source + (channel * plane);
            var (topPairLeft, topPairRight) = NeighbourPairs.Load(p, topLeft);
            var (bottomPairLeft, bottomPairRight) = NeighbourPairs.Load(p, bottomLeft);
            var tl = Avx.ConvertToVector256Double(topPairLeft);
            var tr = Avx.ConvertToVector256Double(topPairRight);
            var bl = Avx.ConvertToVector256Double(bottomPairLeft);
            var br = Avx.ConvertToVector256Double(bottomPairRight);
            var sum = (w00 * tl) + (w01 * tr) + (w10 * bl) + (w11 * br);
            var clipped = Vector256.ConditionalSelect(
                Vector256.LessThan(sum, Vector256<double>.Zero),
                Vector256<double>.Zero,
                Vector256.ConditionalSelect(Vector256.GreaterThan(sum, one), one, sum));
            Avx.ConvertToVector128Single(clipped).Store(output + (channel * plane) + pixel);
        }

        return true;
    }
}
