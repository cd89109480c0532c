using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// The OpenCV pipeline that the spatter generator runs on its thresholded liquid layer to shade
/// water drops: Canny edges (50, 150), distance to the nearest edge (L2, 5x5 chamfer) truncated at
/// 20, 3x3 box blur, uint8, histogram equalization, an embossing 3x3 filter to uint8 and a final
/// 3x3 box blur. Each step follows the OpenCV function the generator calls, borders included.
/// </summary>
internal static class SpatterWaterShading
{
    private const int CannyLowThreshold = 50;
    private const int CannyHighThreshold = 150;
    private const float DistanceTruncation = 20;

    /// <summary>The generator's ker = [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]] (cv2.filter2D correlates).</summary>
    private static ReadOnlySpan<int> EmbossKernel => [-2, -1, 0, -1, 1, 1, 0, 1, 2];

    /// <summary>The shading of <paramref name="liquid"/> (uint8, height * width) into <paramref name="shading"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> liquid, int height, int width, Span<float> shading)
    {
        var count = height * width;
        // Pooled planes: at 224 px each is a large-object-heap array that a fresh allocation per image would churn.
        var edgesBuffer = ArrayPool<bool>.Shared.Rent(count);
        var distanceBuffer = ArrayPool<float>.Shared.Rent(count);
        var blurredBuffer = ArrayPool<float>.Shared.Rent(count);
        var levelsBuffer = ArrayPool<byte>.Shared.Rent(count);
        var embossedBuffer = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            Compute(liquid, height, width, shading, edgesBuffer.AsSpan(0, count), distanceBuffer.AsSpan(0, count),
                blurredBuffer.AsSpan(0, count), levelsBuffer.AsSpan(0, count), embossedBuffer.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(edgesBuffer);
            ArrayPool<float>.Shared.Return(distanceBuffer);
            ArrayPool<float>.Shared.Return(blurredBuffer);
            ArrayPool<byte>.Shared.Return(levelsBuffer);
            ArrayPool<byte>.Shared.Return(embossedBuffer);
        }
    }

    private static void Compute(
        ReadOnlySpan<byte> liquid, int height, int width, Span<float> shading,
        Span<bool> edges, Span<float> distance, Span<float> blurred, Span<byte> levels, Span<byte> embossed)
    {
        edges.Clear();
        CannyEdges.Detect(liquid, height, width, CannyLowThreshold, CannyHighThreshold, edges);

        ChamferDistance.Compute(edges, height, width, DistanceTruncation, distance);

        // The blurred distances lie in [0, 20]: truncation to uint8 needs no saturation.
        BoxBlur3x3(distance, height, width, blurred);
        SpatterPixels.ToBytes(blurred, levels);

        EqualizeHistogram(levels);
        Emboss(levels, height, width, embossed);
        SpatterPixels.ToFloats(embossed, distance);

        // cv2.blur of a uint8 image rounds back to uint8 (to even, as Math.Round).
        BoxBlur3x3(distance, height, width, shading);
        SpatterPixels.RoundToEven(shading);
    }

    /// <summary>cv2.blur(image, (3, 3)) with its default reflect-101 border, in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BoxBlur3x3(ReadOnlySpan<float> image, int height, int width, Span<float> destination)
    {
        for (var y = 0; y < height; y++)
        {
            var interiorRow = y > 0 && y < height - 1;
            var x = 0;
            if (interiorRow && width > 2)
            {
                // Away from the border no index reflects: the same nine additions in the same order,
                // eight pixels at a time; the border pixels go the scalar way below.
                BoxBlurInterior(image, y, width, destination);
                x = width - 1;
                Border(image, height, width, y, 0, destination);
            }

            for (; x < width; x++)
            {
                Border(image, height, width, y, x, destination);
            }
        }

        static void Border(ReadOnlySpan<float> image, int height, int width, int y, int x, Span<float> destination)
        {
            float sum = 0;
            for (var dy = -1; dy <= 1; dy++)
            {
                var row = Reflect101(y + dy, height) * width;
                for (var dx = -1; dx <= 1; dx++)
                {
                    sum += image[row + Reflect101(x + dx, width)];
                }
            }

            destination[(y * width) + x] = sum / 9f;
        }
    }

    /// <summary>Columns 1 to width - 2 of interior row <paramref name="y"/>: 0 + nine taps in row order, / 9.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BoxBlurInterior(ReadOnlySpan<float> image, int y, int width, Span<float> destination)
    {
        var up = image.Slice((y - 1) * width, 3 * width);
        ref var u = ref MemoryMarshal.GetReference(up);
        ref var m = ref Unsafe.Add(ref u, width);
        ref var d = ref Unsafe.Add(ref m, width);
        var output = destination.Slice(y * width, width);
        var x = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            var ninth = Vector256.Create(9f);
            for (; x + Vector256<float>.Count <= width - 1; x += Vector256<float>.Count)
            {
                var sum = Vector256<float>.Zero;
                sum += Vector256.LoadUnsafe(ref u, (nuint)(x - 1));
                sum += Vector256.LoadUnsafe(ref u, (nuint)x);
                sum += Vector256.LoadUnsafe(ref u, (nuint)(x + 1));
                sum += Vector256.LoadUnsafe(ref m, (nuint)(x - 1));
                sum += Vector256.LoadUnsafe(ref m, (nuint)x);
                sum += Vector256.LoadUnsafe(ref m, (nuint)(x + 1));
                sum += Vector256.LoadUnsafe(ref d, (nuint)(x - 1));
                sum += Vector256.LoadUnsafe(ref d, (nuint)x);
                sum += Vector256.LoadUnsafe(ref d, (nuint)(x + 1));
                (sum / ninth).StoreUnsafe(ref MemoryMarshal.GetReference(output), (nuint)x);
            }
        }

        for (; x < width - 1; x++)
        {
            float sum = 0;
            sum += Unsafe.Add(ref u, x - 1);
            sum += Unsafe.Add(ref u, x);
            sum += Unsafe.Add(ref u, x + 1);
            sum += Unsafe.Add(ref m, x - 1);
            sum += Unsafe.Add(ref m, x);
            sum += Unsafe.Add(ref m, x + 1);
            sum += Unsafe.Add(ref d, x - 1);
            sum += Unsafe.Add(ref d, x);
            sum += Unsafe.Add(ref d, x + 1);
            output[x] = sum / 9f;
        }
    }

    /// <summary>cv2.equalizeHist: the cumulative histogram above the lowest occupied level, scaled to 0-255.</summary>
    private static void EqualizeHistogram(Span<byte> levels)
    {
        Span<int> histogram = stackalloc int[256];
        foreach (var level in levels)
        {
            histogram[level]++;
        }

        var lowest = 0;
        while (histogram[lowest] == 0)
        {
            lowest++;
        }

        if (histogram[lowest] == levels.Length)
        {
            levels.Fill((byte)lowest);
            return;
        }

        Span<byte> lookup = stackalloc byte[256];
        var scale = 255f / (levels.Length - histogram[lowest]);
        var cumulative = 0;
        for (var level = lowest + 1; level < 256; level++)
        {
            cumulative += histogram[level];
            lookup[level] = (byte)Math.Clamp(Math.Round(cumulative * scale), 0, 255);
        }

        foreach (ref var level in levels)
        {
            level = lookup[level];
        }
    }

    /// <summary>cv2.filter2D(image, CV_8U, ker): correlation, reflect-101 border, saturated to uint8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Emboss(ReadOnlySpan<byte> image, int height, int width, Span<byte> destination)
    {
        for (var y = 0; y < height; y++)
        {
            var interiorRow = y > 0 && y < height - 1;
            // Interior rows: the vectorized columns first, then the scalar rest (column 0 included).
            var done = interiorRow && width > 2 ? EmbossInterior(image, y, width, destination) : 1;
            for (var x = 0; x < width; x = x == 0 ? done : x + 1)
            {
                if (interiorRow && x > 0 && x < width - 1)
                {
                    // ker = [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]] away from the border (integer sums: order is free).
                    var up = ((y - 1) * width) + x;
                    var mid = up + width;
                    var down = mid + width;
                    var inner = (-2 * image[up - 1]) - image[up] - image[mid - 1] + image[mid] + image[mid + 1]
                        + image[down] + (2 * image[down + 1]);
                    destination[(y * width) + x] = (byte)Math.Clamp(inner, 0, 255);
                    continue;
                }

                var sum = 0;
                var kernel = EmbossKernel;
                for (var ky = 0; ky < 3; ky++)
                {
                    var row = Reflect101(y + ky - 1, height) * width;
                    for (var kx = 0; kx < 3; kx++)
                    {
                        sum += kernel[(ky * 3) + kx] * image[row + Reflect101(x + kx - 1, width)];
                    }
                }

                destination[(y * width) + x] = (byte)Math.Clamp(sum, 0, 255);
            }
        }
    }

    /// <summary>
    /// The emboss of interior row <paramref name="y"/> from column 1, sixteen pixels at a time in
    /// int16 lanes (the sum stays within +-1275); returns the first column left to do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int EmbossInterior(ReadOnlySpan<byte> image, int y, int width, Span<byte> destination)
    {
        var x = 1;
        if (!Vector128.IsHardwareAccelerated)
        {
            return x;
        }

        var rows = image.Slice((y - 1) * width, 3 * width);
        ref var u = ref MemoryMarshal.GetReference(rows);
        ref var m = ref Unsafe.Add(ref u, width);
        ref var d = ref Unsafe.Add(ref m, width);
        ref var output = ref MemoryMarshal.GetReference(destination.Slice(y * width, width));
        var (zero, top) = (Vector128<short>.Zero, Vector128.Create((short)255));
        for (; x + Vector128<byte>.Count <= width - 1; x += Vector128<byte>.Count)
        {
            var (upLeft, upCentre) = (Vector128.LoadUnsafe(ref u, (nuint)(x - 1)), Vector128.LoadUnsafe(ref u, (nuint)x));
            var (left, centre, right) = (Vector128.LoadUnsafe(ref m, (nuint)(x - 1)), Vector128.LoadUnsafe(ref m, (nuint)x), Vector128.LoadUnsafe(ref m, (nuint)(x + 1)));
            var (downCentre, downRight) = (Vector128.LoadUnsafe(ref d, (nuint)x), Vector128.LoadUnsafe(ref d, (nuint)(x + 1)));
            var low = Clamp(Sum(Lower(upLeft), Lower(upCentre), Lower(left), Lower(centre), Lower(right), Lower(downCentre), Lower(downRight)));
            var high = Clamp(Sum(Upper(upLeft), Upper(upCentre), Upper(left), Upper(centre), Upper(right), Upper(downCentre), Upper(downRight)));
            Vector128.Narrow(low.AsUInt16(), high.AsUInt16()).StoreUnsafe(ref output, (nuint)x);
        }

        return x;

        static Vector128<short> Lower(Vector128<byte> v) => Vector128.WidenLower(v).AsInt16();
        static Vector128<short> Upper(Vector128<byte> v) => Vector128.WidenUpper(v).AsInt16();
        static Vector128<short> Sum(
            Vector128<short> upLeft, Vector128<short> upCentre, Vector128<short> left, Vector128<short> centre,
            Vector128<short> right, Vector128<short> downCentre, Vector128<short> downRight) =>
            centre + right + downCentre + (downRight + downRight) - (upLeft + upLeft) - upCentre - left;
        Vector128<short> Clamp(Vector128<short> v) => Vector128.Min(Vector128.Max(v, zero), top);
    }

    private static int Reflect101(int index, int length) => Geometric.AffineWarp.Reflect101(index, length);
}
