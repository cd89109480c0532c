using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Add, Sub, Mul, Div with multidirectional broadcasting (each operand's gradient is summed back
/// over the axes it was broadcast along), and Relu (the gradient where the input is positive).
/// </summary>
internal static class ElementwiseGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["Add"] = Add;
        rules["Sub"] = Sub;
        rules["Mul"] = Mul;
        rules["Div"] = Div;
        rules["Relu"] = Relu;
    }

    private static void Add(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads) =>
        Binary(e, node, outputGrads, inputGrads, (_, grad) => grad, (_, grad) => grad);

    private static void Sub(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads) =>
        Binary(e, node, outputGrads, inputGrads, (_, grad) => grad, (_, grad) => e.Op("Neg", [grad]));

    private static void Mul(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads) =>
        Binary(
            e, node, outputGrads, inputGrads,
            (n, grad) => e.Op("Mul", [grad, n.Input[1]]),
            (n, grad) => e.Op("Mul", [grad, n.Input[0]]));

    // y = a / b: dy/da = 1 / b, dy/db = -y / b.
    private static void Div(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads) =>
        Binary(
            e, node, outputGrads, inputGrads,
            (n, grad) => e.Op("Div", [grad, n.Input[1]]),
            (n, grad) => e.Op("Neg", [e.Op("Mul", [grad, e.Op("Div", [n.Output[0], n.Input[1]])])]));

    private static void Binary(
        GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads,
        Func<NodeProto, string, string> left, Func<NodeProto, string, string> right)
    {
        if (outputGrads[0] is not { } grad)
        {
            return;
        }

        var outputShape = e.ShapeOf(node.Output[0]);
        if (e.NeedsGradient(node.Input[0]))
        {
            inputGrads[0] = e.ReduceToOperand(left(node, grad), outputShape, node.Input[0]);
        }

        if (e.NeedsGradient(node.Input[1]))
        {
            inputGrads[1] = e.ReduceToOperand(right(node, grad), outputShape, node.Input[1]);
        }
    }

    private static void Relu(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        // The output is positive exactly where the input is; at 0 the subgradient 0 is taken.
        var positive = e.Op("Greater", [node.Output[0], e.FloatScalar(0f)]);
        inputGrads[0] = e.Op("Mul", [grad, e.CastToFloat(positive)]);
    }
}
