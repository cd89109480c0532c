using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Conv and ConvTranspose, each the other's adjoint: the input gradient of a Conv is a
/// ConvTranspose with the same weights, strides, pads and groups, and that of a ConvTranspose is
/// a Conv with them.
/// </summary>
internal static class ConvGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["Conv"] = Conv;
        rules["ConvTranspose"] = ConvTranspose;
    }

    private static void Conv(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        var grad = outputGrads[0]!;
        if (node.Input.Count > 1 && e.NeedsGradient(node.Input[1]))
        {
            throw e.Unsupported(node, "the weights depend on the input (only the gradient to the data input is built)");
        }

        if (node.Input.Count > 2 && e.NeedsGradient(node.Input[2]))
        {
            // The bias broadcasts over batch and space: its gradient sums those axes.
            var rank = e.ShapeOf(node.Output[0]).Length;
            var axes = Enumerable.Range(0, rank).Where(i => i != 1).Select(i => (long)i).ToArray();
            inputGrads[2] = e.ReshapeLike(e.ReduceSum(grad, axes), node.Input[2]);
        }

        if (!e.NeedsGradient(node.Input[0]))
        {
            return;
        }

        var inputShape = e.ShapeOf(node.Input[0]);
        var outputShape = e.ShapeOf(node.Output[0]);
        var weightShape = e.ShapeOf(node.Input[1]);
        var spatial = inputShape.Length - 2;
        var kernel = GradientEmitter.GetInts(node, "kernel_shape") ?? weightShape[2..];
        var strides = GradientEmitter.GetInts(node, "strides") ?? Ones(spatial);
        var dilations = GradientEmitter.GetInts(node, "dilations") ?? Ones(spatial);
        var group = GradientEmitter.GetInt(node, "group", 1);
        var pads = ExplicitPads(e, node, inputShape, outputShape, kernel, strides, dilations);

        // Stride 1: the adjoint is a plain Conv over the flipped, transposed weights, which ONNX
        // Runtime's CPU runs through its blocked (NCHWc) kernels; its ConvTranspose is im2col-based
        // and measured 1.3-1.7x slower on ResNet-18 (issue 17).
        if (ConvAdjoint.TryEmit(e, node.Input[1], grad, weightShape, kernel, strides, dilations, pads, group) is { } viaConv)
        {
            inputGrads[0] = viaConv;
            return;
        }

        // ConvTranspose gives stride * (out - 1) + extent - pads; output_padding restores the rows
        // and columns a strided Conv dropped at the end.
        var outputPadding = new long[spatial];
        for (var i = 0; i < spatial; i++)
        {
            var extent = ((kernel[i] - 1) * dilations[i]) + 1;
            var produced = (strides[i] * (outputShape[i + 2] - 1)) + extent - pads[i] - pads[i + spatial];
            outputPadding[i] = inputShape[i + 2] - produced;
            if (outputPadding[i] < 0 || outputPadding[i] >= Math.Max(strides[i], dilations[i]))
            {
                throw e.Unsupported(node, $"cannot match the input extent {inputShape[i + 2]} with ConvTranspose");
            }
        }

        inputGrads[0] = e.Op(
            "ConvTranspose",
            [grad, node.Input[1]],
            GradientEmitter.Ints("kernel_shape", kernel),
            GradientEmitter.Ints("strides", strides),
            GradientEmitter.Ints("dilations", dilations),
            GradientEmitter.Ints("pads", pads),
            GradientEmitter.Ints("output_padding", outputPadding),
            GradientEmitter.Int("group", group));
    }

    // The ConvTranspose weights [C_in, C_out / group, k...] are exactly the Conv weights that map
    // C_out channels back to C_in; the Conv output extent floor((s (in - 1) + output_padding) / s) + 1
    // is the input extent again since output_padding < stride.
    private static void ConvTranspose(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (outputGrads[0] is not { } grad)
        {
            return;
        }

        if (e.NeedsGradient(node.Input[1]))
        {
            throw e.Unsupported(node, "the weights depend on the input (only the gradient to the data input is built)");
        }

        if (node.Input.Count > 2 && e.NeedsGradient(node.Input[2]))
        {
            var rank = e.ShapeOf(node.Output[0]).Length;
            var axes = Enumerable.Range(0, rank).Where(i => i != 1).Select(i => (long)i).ToArray();
            inputGrads[2] = e.ReshapeLike(e.ReduceSum(grad, axes), node.Input[2]);
        }

        if (!e.NeedsGradient(node.Input[0]))
        {
            return;
        }

        var inputShape = e.ShapeOf(node.Input[0]);
        var outputShape = e.ShapeOf(node.Output[0]);
        var spatial = inputShape.Length - 2;
        var kernel = GradientEmitter.GetInts(node, "kernel_shape") ?? e.ShapeOf(node.Input[1])[2..];
        var strides = GradientEmitter.GetInts(node, "strides") ?? Ones(spatial);
        var dilations = GradientEmitter.GetInts(node, "dilations") ?? Ones(spatial);
        var outputPadding = GradientEmitter.GetInts(node, "output_padding") ?? new long[spatial];
        var pads = new long[2 * spatial];
        var autoPad = GradientEmitter.GetString(node, "auto_pad", "NOTSET");
        if (autoPad is "NOTSET" or "" && GradientEmitter.GetInts(node, "output_shape") is null)
        {
            pads = GradientEmitter.GetInts(node, "pads") ?? pads;
        }
        else if (autoPad != "VALID")
        {
            // output_shape or SAME padding: the total crop is known; only an even split is unambiguous.
            for (var i = 0; i < spatial; i++)
            {
                var extent = ((kernel[i] - 1) * dilations[i]) + 1;
                var total = (strides[i] * (inputShape[i + 2] - 1)) + outputPadding[i] + extent - outputShape[i + 2];
                if (total % 2 != 0)
                {
                    throw e.Unsupported(node, "auto_pad or output_shape with an odd total padding is not handled");
                }

                pads[i] = pads[i + spatial] = total / 2;
            }
        }

        inputGrads[0] = e.Op(
            "Conv",
            [grad, node.Input[1]],
            GradientEmitter.Ints("kernel_shape", kernel),
            GradientEmitter.Ints("strides", strides),
            GradientEmitter.Ints("dilations", dilations),
            GradientEmitter.Ints("pads", pads),
            GradientEmitter.Int("group", GradientEmitter.GetInt(node, "group", 1)));
    }

    private static long[] Ones(int count) => Enumerable.Repeat(1L, count).ToArray();

    /// <summary>The pads the forward Conv used, with auto_pad resolved from the probed shapes.</summary>
    internal static long[] ExplicitPads(
        GradientEmitter e, NodeProto node, long[] inputShape, long[] outputShape, long[] kernel, long[] strides, long[] dilations)
    {
        var spatial = inputShape.Length - 2;
        var autoPad = GradientEmitter.GetString(node, "auto_pad", "NOTSET");
        switch (autoPad)
        {
            case "NOTSET" or "":
                return GradientEmitter.GetInts(node, "pads") ?? new long[2 * spatial];
            case "VALID":
                return new long[2 * spatial];
            case "SAME_UPPER" or "SAME_LOWER":
                var pads = new long[2 * spatial];
                for (var i = 0; i < spatial; i++)
                {
                    var extent = ((kernel[i] - 1) * dilations[i]) + 1;
                    var total = Math.Max(((outputShape[i + 2] - 1) * strides[i]) + extent - inputShape[i + 2], 0);
                    var small = total / 2;
                    (pads[i], pads[i + spatial]) = autoPad == "SAME_UPPER" ? (small, total - small) : (total - small, small);
                }

                return pads;
            default:
                throw e.Unsupported(node, $"auto_pad '{autoPad}' is not handled");
        }
    }
}
