using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// MaxPool, AveragePool and GlobalAveragePool. The window pools send each output's gradient back
/// over its window with a ConvTranspose (which sums where windows overlap, for any strides, pads,
/// dilations and ceil_mode) on the gradient with batch and channel folded together:
/// <list type="bullet">
/// <item>MaxPool: the forward node is given its Indices output; for each kernel offset k a mask
/// says whether the window's maximum sat at offset k, and the masked gradients, one channel per
/// offset, go through a ConvTranspose whose kernel is one-hot at k. Exact when a window has no ties.</item>
/// <item>AveragePool: a ConvTranspose with a kernel of ones on the gradient times 1 / divisor; the
/// divisors are read from the pool itself (AveragePool on ones gives count / divisor per output,
/// and the count of in-image taps is static), so every count_include_pad and ceil_mode convention
/// of ONNX Runtime is matched.</item>
/// </list>
/// </summary>
internal static class PoolGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["MaxPool"] = MaxPool;
        rules["AveragePool"] = AveragePool;
        rules["GlobalAveragePool"] = GlobalAveragePool;
    }

    private static void MaxPool(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var window = Window.Of(e, node);
        var columnMajor = GradientEmitter.GetInt(node, "storage_order", 0) != 0;
        if (node.Output.Count < 2 || node.Output[1].Length == 0)
        {
            var indicesName = e.Fresh("maxpool_indices");
            if (node.Output.Count < 2)
            {
                node.Output.Add(indicesName);
            }
            else
            {
                node.Output[1] = indicesName;
            }
        }

        // Indices are flat over the whole tensor; modulo the spatial size they are positions in the image.
        var size = e.Int64Tensor([window.InputSize.Aggregate(1L, (a, b) => a * b)]);
        var indices = node.Output[1];
        var local = e.Op("Sub", [indices, e.Op("Mul", [e.Op("Div", [indices, size]), size])]);
        var folded = window.FoldedShape(1);
        var argmax = e.Reshape(local, folded);
        var offsets = window.KernelCount;
        var hits = e.Op("Equal", [argmax, e.Int64Tensor(window.TapPositions(columnMajor), [offsets, .. window.OutputSize])]);
        var masked = e.Op("Mul", [e.CastToFloat(hits), e.Reshape(grad, folded)]);
        var oneHot = new float[offsets * offsets];
        for (var k = 0; k < offsets; k++)
        {
            oneHot[(k * offsets) + k] = 1f;
        }

        inputGrads[0] = e.ReshapeLike(window.Transpose(e, masked, oneHot, offsets), node.Input[0]);
    }

    private static void AveragePool(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var window = Window.Of(e, node);
        var ones = new float[window.InputSize.Aggregate(1L, (a, b) => a * b)];
        Array.Fill(ones, 1f);
        var probe = new NodeProto { OpType = "AveragePool", Name = e.Fresh("averagepool_divisor_node") };
        probe.Input.Add(e.FloatTensor(ones, [1, 1, .. window.InputSize]));
        probe.Output.Add(e.Fresh("averagepool_divisor"));
        probe.Attribute.AddRange(node.Attribute.Select(a => a.Clone()));
        e.Nodes.Add(probe);

        // AveragePool(ones) = count / divisor, so the weight 1 / divisor is that over the static count.
        var inverseCounts = window.TapCounts().Select(c => c == 0 ? 0f : 1f / c).ToArray();
        var weights = e.Op("Mul", [probe.Output[0], e.FloatTensor(inverseCounts, [1, 1, .. window.OutputSize])]);
        var scaled = e.Op("Mul", [e.Reshape(grad, window.FoldedShape(1)), weights]);
        var kernel = new float[window.KernelCount];
        Array.Fill(kernel, 1f);
        inputGrads[0] = e.ReshapeLike(window.Transpose(e, scaled, kernel, 1), node.Input[0]);
    }

    private static void GlobalAveragePool(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var count = e.ShapeOf(node.Input[0])[2..].Aggregate(1L, (a, b) => a * b);
        inputGrads[0] = e.Scale(e.ExpandLike(grad, node.Input[0]), 1f / count);
    }

    /// <summary>A pooling window's geometry, with auto_pad resolved from the probed shapes.</summary>
    private sealed record Window(
        long[] InputSize, long[] OutputSize, long[] Kernel, long[] Strides, long[] Dilations, long[] Pads)
    {
        public int KernelCount => (int)Kernel.Aggregate(1L, (a, b) => a * b);

        public static Window Of(GradientEmitter e, NodeProto node)
        {
            var inputShape = e.ShapeOf(node.Input[0]);
            var outputShape = e.ShapeOf(node.Output[0]);
            var spatial = inputShape.Length - 2;
            var kernel = GradientEmitter.GetInts(node, "kernel_shape") ?? throw e.Unsupported(node, "no kernel_shape");
            var strides = GradientEmitter.GetInts(node, "strides") ?? Enumerable.Repeat(1L, spatial).ToArray();
            var dilations = GradientEmitter.GetInts(node, "dilations") ?? Enumerable.Repeat(1L, spatial).ToArray();
            var pads = ConvGradients.ExplicitPads(e, node, inputShape, outputShape, kernel, strides, dilations);
            return new Window(inputShape[2..], outputShape[2..], kernel, strides, dilations, pads);
        }

        /// <summary>[-1, channels, output...]: batch and image channel folded into one leading axis.</summary>
        public long[] FoldedShape(long channels) => [-1, channels, .. OutputSize];

        /// <summary>
        /// For each kernel offset (row-major) and output position, the flat image position the tap
        /// reads (row- or column-major like MaxPool's indices), or -1 for a tap in the padding.
        /// </summary>
        public long[] TapPositions(bool columnMajor)
        {
            var outputs = OutputSize.Aggregate(1L, (a, b) => a * b);
            var positions = new long[KernelCount * outputs];
            for (var k = 0; k < KernelCount; k++)
            {
                var offset = Unravel(k, Kernel);
                for (var o = 0; o < outputs; o++)
                {
                    var at = Unravel(o, OutputSize);
                    long flat = 0, stride = 1;
                    var inside = true;
                    for (var d = 0; d < InputSize.Length; d++)
                    {
                        var axis = columnMajor ? d : InputSize.Length - 1 - d;
                        var p = (at[axis] * Strides[axis]) - Pads[axis] + (offset[axis] * Dilations[axis]);
                        inside &= p >= 0 && p < InputSize[axis];
                        flat += p * stride;
                        stride *= InputSize[axis];
                    }

                    positions[(k * outputs) + o] = inside ? flat : -1;
                }
            }

            return positions;
        }

        /// <summary>For each output position, how many of its taps fall inside the image.</summary>
        public long[] TapCounts()
        {
            var outputs = OutputSize.Aggregate(1L, (a, b) => a * b);
            var counts = new long[outputs];
            for (var o = 0; o < outputs; o++)
            {
                var at = Unravel(o, OutputSize);
                long count = 1;
                for (var d = 0; d < InputSize.Length; d++)
                {
                    var start = (at[d] * Strides[d]) - Pads[d];
                    var (extent, dilation) = (InputSize[d], Dilations[d]);
                    count *= Enumerable.Range(0, (int)Kernel[d]).Count(k => start + (k * dilation) is var p && p >= 0 && p < extent);
                }

                counts[o] = count;
            }

            return counts;
        }

        /// <summary>
        /// ConvTranspose of a folded gradient [-1, channels, output...] with the kernel
        /// <paramref name="weights"/> [channels, 1, kernel...]: [-1, 1, input...]. The end pads (or an
        /// output_padding) make the result exactly the input's extent, also under ceil_mode.
        /// </summary>
        public string Transpose(GradientEmitter e, string folded, float[] weights, long channels)
        {
            var spatial = InputSize.Length;
            var pads = new long[2 * spatial];
            var outputPadding = new long[spatial];
            for (var i = 0; i < spatial; i++)
            {
                var extent = ((Kernel[i] - 1) * Dilations[i]) + 1;
                var covered = (Strides[i] * (OutputSize[i] - 1)) + extent;
                pads[i] = Pads[i];
                var end = covered - Pads[i] - InputSize[i];
                (pads[i + spatial], outputPadding[i]) = end >= 0 ? (end, 0L) : (0L, -end);
            }

            return e.Op(
                "ConvTranspose",
                [folded, e.FloatTensor(weights, [channels, 1, .. Kernel])],
                GradientEmitter.Ints("kernel_shape", Kernel),
                GradientEmitter.Ints("strides", Strides),
                GradientEmitter.Ints("dilations", Dilations),
                GradientEmitter.Ints("pads", pads),
                GradientEmitter.Ints("output_padding", outputPadding));
        }

        private static long[] Unravel(long index, long[] shape)
        {
            var result = new long[shape.Length];
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                result[d] = index % shape[d];
                index /= shape[d];
            }

            return result;
        }
    }
}
