using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Geometric;

/// <summary>
/// cv2.getAffineTransform and cv2.warpAffine (bilinear, BORDER_REFLECT_101) for planar float images.
/// Points are (x, y) = (column, row). Like OpenCV, source coordinates are rounded to 1/32 pixel
/// before the bilinear weights are taken.
/// </summary>
internal static class AffineWarp
{
    /// <summary>OpenCV's INTER_TAB_SIZE: sub-pixel positions per pixel in warpAffine.</summary>
    private const int SubPixelSteps = 32;

    /// <summary>
    /// The 2 x 3 matrix M (row-major) with M [x y 1]^T = destination point for the three point pairs.
    /// </summary>
    public static double[] FromTriangles(ReadOnlySpan<(double X, double Y)> source, ReadOnlySpan<(double X, double Y)> destination)
    {
        if (source.Length != 3 || destination.Length != 3)
        {
            throw new ArgumentException("An affine transform is defined by three point pairs.");
        }

        // Solve for each output coordinate: [x y 1] . m = destination, Cramer's rule on the 3x3 system.
        var determinant = DeterminantWithColumn(source, 2, 1, 1, 1);
        if (Math.Abs(determinant) < 1e-12)
        {
            throw new ArgumentException("The source points are collinear.", nameof(source));
        }

        var matrix = new double[6];
        for (var output = 0; output < 2; output++)
        {
            var (d0, d1, d2) = output == 0
                ? (destination[0].X, destination[1].X, destination[2].X)
                : (destination[0].Y, destination[1].Y, destination[2].Y);
            matrix[(output * 3) + 0] = DeterminantWithColumn(source, 0, d0, d1, d2) / determinant;
            matrix[(output * 3) + 1] = DeterminantWithColumn(source, 1, d0, d1, d2) / determinant;
            matrix[(output * 3) + 2] = DeterminantWithColumn(source, 2, d0, d1, d2) / determinant;
        }

        return matrix;
    }

    /// <summary>
    /// dst(x, y) = src(M^-1 (x, y)) for each of <paramref name="channels"/> planes of height x width,
    /// as cv2.warpAffine(src, M, (width, height), borderMode=BORDER_REFLECT_101) does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Warp(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, ReadOnlySpan<double> matrix)
    {
        // Invert the 2 x 3 affine map.
        var (a, b, c, d, e, f) = (matrix[0], matrix[1], matrix[2], matrix[3], matrix[4], matrix[5]);
        var det = (a * e) - (b * d);
        det = det != 0 ? 1.0 / det : 0;
        var (ia, ib, id, ie) = (e * det, -b * det, -d * det, a * det);
        var ic = (-ia * c) - (ib * f);
        var @if = (-id * c) - (ie * f);
        var inverse = new InverseMap(ia, ib, ic, id, ie, @if);

        var plane = height * width;
        _ = source[..(channels * plane)];
        _ = destination[..(channels * plane)];
        fixed (float* sourceStart = source)
        fixed (float* destinationStart = destination)
        {
            for (var y = 0; y < height; y++)
            {
                var x = 0;
                if (Avx2.IsSupported)
                {
                    for (; x <= width - Vector256<float>.Count; x += Vector256<float>.Count)
                    {
                        if (!TryWarpEight(sourceStart, destinationStart, channels, height, width, inverse, x, y))
                        {
                            WarpPixels(source, destination, channels, height, width, inverse, x, x + Vector256<float>.Count, y);
                        }
                    }
                }

                WarpPixels(source, destination, channels, height, width, inverse, x, width, y);
            }
        }
    }

    /// <summary>Pixels [<paramref name="start"/>, <paramref name="end"/>) of row <paramref name="y"/>, one at a time.</summary>
    private static void WarpPixels(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, in InverseMap map, int start, int end, int y)
    {
        var plane = height * width;
        for (var x = start; x < end; x++)
        {
            var sourceX = (int)Math.Round(((map.A * x) + (map.B * y) + map.C) * SubPixelSteps);
            var sourceY = (int)Math.Round(((map.D * x) + (map.E * y) + map.F) * SubPixelSteps);
            var x0 = sourceX >> 5;
            var y0 = sourceY >> 5;
            var fx = (float)(sourceX & (SubPixelSteps - 1)) / SubPixelSteps;
            var fy = (float)(sourceY & (SubPixelSteps - 1)) / SubPixelSteps;
            var left = Reflect101(x0, width);
            var right = Reflect101(x0 + 1, width);
            var top = Reflect101(y0, height) * width;
            var bottom = Reflect101(y0 + 1, height) * width;
            for (var channel = 0; channel < channels; channel++)
            {
                var p = source.Slice(channel * plane, plane);
                destination[(channel * plane) + (y * width) + x] =
                    ((1 - fy) * (((1 - fx) * p[top + left]) + (fx * p[top + right])))
                    + (fy * (((1 - fx) * p[bottom + left]) + (fx * p[bottom + right])));
            }
        }
    }

    /// <summary>
    /// Pixels x..x+7 of row y with the same float64 and float32 operations as <see cref="WarpPixels"/>;
    /// false, with nothing written, unless all eight read inside the image (no border folding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe bool TryWarpEight(float* source, float* destination, int channels, int height, int width, in InverseMap map, int x, int y)
    {
        var columns = Vector256.Create(0.0, 1, 2, 3) + Vector256.Create((double)x);
        var upper = Vector256.Create(4.0);
        var sourceX = SubPixel(columns, upper, map.A, map.B * y, map.C);
        var sourceY = SubPixel(columns, upper, map.D, map.E * y, map.F);
        var x0 = Vector256.ShiftRightArithmetic(sourceX, 5);
        var y0 = Vector256.ShiftRightArithmetic(sourceY, 5);

        // Both neighbours inside: 0 <= x0 < width - 1 and 0 <= y0 < height - 1 (unsigned compare).
        var inside = Vector256.LessThan(x0.AsUInt32(), Vector256.Create((uint)(width - 1)))
            & Vector256.LessThan(y0.AsUInt32(), Vector256.Create((uint)(height - 1)));
        if (inside != Vector256<uint>.AllBitsSet)
        {
            return false;
        }

        var steps = Vector256.Create((float)SubPixelSteps);
        var fx = Vector256.ConvertToSingle(sourceX & Vector256.Create(SubPixelSteps - 1)) / steps;
        var fy = Vector256.ConvertToSingle(sourceY & Vector256.Create(SubPixelSteps - 1)) / steps;
        var one = Vector256<float>.One;
        var (gx, gy) = (one - fx, one - fy);
        var topLeft = (y0 * width) + x0;
        var bottomLeft = topLeft + Vector256.Create(width);
        var plane = height * width;
        for (var channel = 0; channel < channels; channel++)
        {
            var p = source + (channel * plane);
            var (tl, tr) = LoadPairs(p, topLeft);
            var (bl, br) = LoadPairs(p, bottomLeft);
            var value = (gy * ((gx * tl) + (fx * tr))) + (fy * ((gx * bl) + (fx * br)));
            value.Store(destination + (channel * plane) + (y * width) + x);
        }

        return true;
    }

    /// <summary>(p[i], p[i + 1]) for eight indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector256<float> Left, Vector256<float> Right) LoadPairs(float* p, Vector256<int> indices)
    {
        var (lowLeft, lowRight) = NeighbourPairs.Load(p, indices.GetLower());
        var (highLeft, highRight) = NeighbourPairs.Load(p, indices.GetUpper());
        return (Vector256.Create(lowLeft, highLeft), Vector256.Create(lowRight, highRight));
    }

    /// <summary>(int)Math.Round(((m0 * x) + byRow + m2) * 32) for x and x + 4 .. x + 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> SubPixel(Vector256<double> columns, Vector256<double> upper, double m0, double byRow, double m2)
    {
        var (row, offset) = (Vector256.Create(byRow), Vector256.Create(m2));
        var low = Avx.RoundToNearestInteger((((columns * m0) + row) + offset) * SubPixelSteps);
        var high = Avx.RoundToNearestInteger(((((columns + upper) * m0) + row) + offset) * SubPixelSteps);

        // Out-of-range values convert to int.MinValue, which the caller's inside test rejects.
        return Vector256.Create(Avx.ConvertToVector128Int32(low), Avx.ConvertToVector128Int32(high));
    }

    /// <summary>The inverse 2 x 3 map: source x = A x + B y + C, source y = D x + E y + F.</summary>
    private readonly record struct InverseMap(double A, double B, double C, double D, double E, double F);

    /// <summary>OpenCV's BORDER_REFLECT_101: gfedcb | abcdefgh | gfedcba.</summary>
    public static int Reflect101(int index, int length)
    {
        if ((uint)index < (uint)length)
        {
            return index;
        }

        if (length == 1)
        {
            return 0;
        }

        var period = 2 * (length - 1);
        var folded = index % period;
        if (folded < 0)
        {
            folded += period;
        }

        return folded < length ? folded : period - folded;
    }

    /// <summary>The system's determinant with column <paramref name="column"/> (x, y or 1) replaced by the right-hand side.</summary>
    private static double DeterminantWithColumn(ReadOnlySpan<(double X, double Y)> p, int column, double r0, double r1, double r2)
    {
        Span<double> m = [p[0].X, p[0].Y, 1, p[1].X, p[1].Y, 1, p[2].X, p[2].Y, 1];
        m[column] = r0;
        m[3 + column] = r1;
        m[6 + column] = r2;
        return (m[0] * ((m[4] * m[8]) - (m[5] * m[7])))
            - (m[1] * ((m[3] * m[8]) - (m[5] * m[6])))
            + (m[2] * ((m[3] * m[7]) - (m[4] * m[6])));
    }
}
