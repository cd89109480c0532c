using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// BatchNormalization in inference mode (a per-channel affine map with the running statistics)
/// and LayerNormalization (opset 17; statistics of the input itself over the trailing axes).
/// </summary>
internal static class NormalizationGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["BatchNormalization"] = BatchNormalization;
        rules["LayerNormalization"] = LayerNormalization;
    }

    // y = (x - mean) scale / sqrt(var + eps) + B per channel (axis 1): dx = g scale / sqrt(var + eps).
    private static void BatchNormalization(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (GradientEmitter.GetInt(node, "training_mode", 0) != 0)
        {
            throw e.Unsupported(node, "training_mode 1 (batch statistics) is not handled");
        }

        if (node.Input.Skip(1).Any(e.NeedsGradient))
        {
            throw e.Unsupported(node, "scale, bias or statistics that depend on the input are not handled");
        }

        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var rank = e.ShapeOf(node.Input[0]).Length;
        var epsilon = GradientEmitter.GetFloat(node, "epsilon", 1e-5f);
        var std = e.Op("Sqrt", [e.Op("Add", [node.Input[4], e.FloatScalar(epsilon)])]);
        var factor = e.Op("Div", [node.Input[1], std]);
        // [C] -> [C, 1, ..., 1] so that it broadcasts along axis 1.
        var channelShape = new long[Math.Max(rank - 1, 1)];
        Array.Fill(channelShape, 1L);
        channelShape[0] = -1;
        inputGrads[0] = e.Op("Mul", [grad, e.Reshape(factor, channelShape)]);
    }

    // xhat = (x - mu) r with r = 1 / sqrt(var + eps) over the axes from `axis` on; y = xhat scale + B.
    // dx = r (gs - mean(gs) - xhat mean(gs xhat)) with gs = g scale.
    private static void LayerNormalization(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (outputGrads[0] is not { } grad)
        {
            return;
        }

        var x = node.Input[0];
        var rank = e.ShapeOf(x).Length;
        var axes = GradientEmitter.TrailingAxes(GradientEmitter.NormalizeAxis(GradientEmitter.GetInt(node, "axis", -1), rank), rank);
        var epsilon = GradientEmitter.GetFloat(node, "epsilon", 1e-5f);
        var centered = e.Op("Sub", [x, e.ReduceMean(x, axes)]);
        var variance = e.ReduceMean(e.Op("Mul", [centered, centered]), axes);
        var inverseStd = e.Op("Div", [e.FloatScalar(1f), e.Op("Sqrt", [e.Op("Add", [variance, e.FloatScalar(epsilon)])])]);
        var normalized = e.Op("Mul", [centered, inverseStd]);
        var outputShape = e.ShapeOf(node.Output[0]);
        if (e.NeedsGradient(x))
        {
            var scaled = e.Op("Mul", [grad, node.Input[1]]);
            var meanScaled = e.ReduceMean(scaled, axes);
            var meanProjected = e.ReduceMean(e.Op("Mul", [scaled, normalized]), axes);
            var inner = e.Op("Sub", [e.Op("Sub", [scaled, meanScaled]), e.Op("Mul", [normalized, meanProjected])]);
            inputGrads[0] = e.Op("Mul", [inverseStd, inner]);
        }

        if (e.NeedsGradient(node.Input[1]))
        {
            inputGrads[1] = e.ReduceToOperand(e.Op("Mul", [grad, normalized]), outputShape, node.Input[1]);
        }

        if (node.Input.Count > 2 && e.NeedsGradient(node.Input[2]))
        {
            inputGrads[2] = e.ReduceToOperand(grad, outputShape, node.Input[2]);
        }
    }
}
