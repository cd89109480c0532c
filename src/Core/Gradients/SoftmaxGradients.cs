using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Softmax and LogSoftmax. Before opset 13 the input is coerced to 2D at <c>axis</c> (default 1),
/// so the normalization runs over every axis from <c>axis</c> on; from opset 13 it runs over the
/// one axis <c>axis</c> (default -1).
/// </summary>
internal static class SoftmaxGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["Softmax"] = Softmax;
        rules["LogSoftmax"] = LogSoftmax;
    }

    // y = softmax(x): dx = y (g - sum(g y)).
    private static void Softmax(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var y = node.Output[0];
        var total = e.ReduceSum(e.Op("Mul", [grad, y]), Axes(e, node));
        inputGrads[0] = e.Op("Mul", [y, e.Op("Sub", [grad, total])]);
    }

    // y = log softmax(x): dx = g - exp(y) sum(g).
    private static void LogSoftmax(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var total = e.ReduceSum(grad, Axes(e, node));
        inputGrads[0] = e.Op("Sub", [grad, e.Op("Mul", [e.Op("Exp", [node.Output[0]]), total])]);
    }

    private static long[] Axes(GradientEmitter e, NodeProto node)
    {
        var rank = e.ShapeOf(node.Input[0]).Length;
        var axis = GradientEmitter.NormalizeAxis(GradientEmitter.GetInt(node, "axis", e.Opset >= 13 ? -1 : 1), rank);
        return e.Opset >= 13 ? [axis] : GradientEmitter.TrailingAxes(axis, rank);
    }
}
