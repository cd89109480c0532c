using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// PIL's Image.resize with Image.BOX on 8-bit images, reproduced exactly: separable passes
/// (horizontal, then vertical), box weights normalized per output pixel, converted to 22-bit fixed
/// point, rounded and clipped back to uint8 after each pass.
/// </summary>
internal static class PillowBoxResize
{
    // PIL: PRECISION_BITS = 32 - 8 - 2.
    private const int PrecisionBits = 22;

    /// <summary>Resizes planar uint8 channels (channels x inHeight x inWidth) to outHeight x outWidth.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Resize(ReadOnlySpan<byte> source, int channels, int inHeight, int inWidth, Span<byte> destination, int outHeight, int outWidth)
    {
        var horizontal = Coefficients.For(inWidth, outWidth);
        var vertical = Coefficients.For(inHeight, outHeight);
        var intermediateBuffer = ArrayPool<byte>.Shared.Rent(channels * inHeight * outWidth);
        try
        {
            var intermediate = intermediateBuffer.AsSpan(0, channels * inHeight * outWidth);
            for (var c = 0; c < channels; c++)
            {
                var inPlane = source.Slice(c * inHeight * inWidth, inHeight * inWidth);
                var midPlane = intermediate.Slice(c * inHeight * outWidth, inHeight * outWidth);
                for (var y = 0; y < inHeight; y++)
                {
                    ResizeRow(inPlane.Slice(y * inWidth, inWidth), horizontal, midPlane.Slice(y * outWidth, outWidth));
                }

                var outPlane = destination.Slice(c * outHeight * outWidth, outHeight * outWidth);
                for (var y = 0; y < outHeight; y++)
                {
                    var (first, count) = vertical.Bounds(y);
                    CombineRows(midPlane, outWidth, first, vertical.Weights(y)[..count], outPlane.Slice(y * outWidth, outWidth));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(intermediateBuffer);
        }
    }

    /// <summary>The horizontal pass over one row.</summary>
    private static void ResizeRow(ReadOnlySpan<byte> row, Coefficients horizontal, Span<byte> outRow)
    {
        for (var x = 0; x < outRow.Length; x++)
        {
            var (first, count) = horizontal.Bounds(x);
            var weights = horizontal.Weights(x);
            var sum = 1 << (PrecisionBits - 1);
            for (var k = 0; k < count; k++)
            {
                sum += row[first + k] * weights[k];
            }

            outRow[x] = Clip8(sum);
        }
    }

    /// <summary>
    /// The vertical pass for one output row: rows first, first + 1, ... of the intermediate plane
    /// weighted and summed column by column, eight columns at a time (the same integer sums).
    /// </summary>
    private static unsafe void CombineRows(ReadOnlySpan<byte> plane, int width, int first, ReadOnlySpan<int> weights, Span<byte> outRow)
    {
        _ = plane.Slice(first * width, weights.Length * width);
        var x = 0;
        if (Avx2.IsSupported)
        {
            fixed (byte* rows = plane)
            fixed (byte* output = outRow)
            {
                for (; x <= width - 8; x += 8)
                {
                    var sum = Vector256.Create(1 << (PrecisionBits - 1));
                    for (var k = 0; k < weights.Length; k++)
                    {
                        sum += Avx2.ConvertToVector256Int32(rows + ((first + k) * width) + x) * weights[k];
                    }

                    // Clip8 on eight sums, narrowed to bytes.
                    var level = Vector256.ShiftRightArithmetic(sum, PrecisionBits);
                    level = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(sum, Vector256<int>.Zero), Vector256<int>.Zero, level);
                    level = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(sum, Vector256.Create(255 << PrecisionBits)), Vector256.Create(255), level);
                    var shorts = Vector128.Narrow(level.GetLower(), level.GetUpper());
                    Unsafe.WriteUnaligned(output + x, Vector128.Narrow(shorts, shorts).AsUInt64().ToScalar());
                }
            }
        }

        for (; x < width; x++)
        {
            var sum = 1 << (PrecisionBits - 1);
            for (var k = 0; k < weights.Length; k++)
            {
                sum += plane[((first + k) * width) + x] * weights[k];
            }

            outRow[x] = Clip8(sum);
        }
    }

    private static byte Clip8(int value) =>
        value >= 255 << PrecisionBits ? (byte)255 : value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);

    /// <summary>PIL's precompute_coeffs for the box filter (support 0.5) along one axis.</summary>
    private sealed class Coefficients
    {
        private readonly int[] bounds;
        private readonly int[] weights;
        private readonly int kernelSize;

        private Coefficients(int[] bounds, int[] weights, int kernelSize)
        {
            this.bounds = bounds;
            this.weights = weights;
            this.kernelSize = kernelSize;
        }

        public (int First, int Count) Bounds(int output) => (bounds[2 * output], bounds[(2 * output) + 1]);

        public ReadOnlySpan<int> Weights(int output) => weights.AsSpan(output * kernelSize, kernelSize);

        /// <summary>The coefficients per (input, output) size, computed once: an image size meets few scales.</summary>
        private static readonly ConcurrentDictionary<(int In, int Out), Coefficients> Cache = new();

        public static Coefficients For(int inSize, int outSize) => Cache.GetOrAdd((inSize, outSize), static key => Compute(key.In, key.Out));

        private static Coefficients Compute(int inSize, int outSize)
        {
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = 0.5 * filterScale;
            var inverseScale = 1.0 / filterScale;
            var kernelSize = ((int)Math.Ceiling(support) * 2) + 1;
            var bounds = new int[2 * outSize];
            var weights = new int[outSize * kernelSize];
            Span<double> raw = stackalloc double[kernelSize];
            for (var xx = 0; xx < outSize; xx++)
            {
                var center = (xx + 0.5) * scale;
                var xmin = Math.Max((int)(center - support + 0.5), 0);
                var count = Math.Min((int)(center + support + 0.5), inSize) - xmin;
                double total = 0;
                for (var x = 0; x < count; x++)
                {
                    raw[x] = BoxFilter((x + xmin - center + 0.5) * inverseScale);
                    total += raw[x];
                }

                for (var x = 0; x < count; x++)
                {
                    var normalized = total != 0 ? raw[x] / total : raw[x];
                    weights[(xx * kernelSize) + x] = (int)(0.5 + (normalized * (1 << PrecisionBits)));
                }

                bounds[2 * xx] = xmin;
                bounds[(2 * xx) + 1] = count;
            }

            return new Coefficients(bounds, weights, kernelSize);
        }

        private static double BoxFilter(double x) => x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
    }
}
