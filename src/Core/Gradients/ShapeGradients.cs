using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// Ops that only move values: the gradient is moved back (reshaped, transposed, passed on, or
/// summed over the axes Expand broadcast). Shape, Size, ConstantOfShape and Constant outputs do
/// not depend on the input's values: their consumers (Reshape, Expand, ConstantOfShape) send no
/// gradient into shape tensors, and a float ConstantOfShape output gets none back.
/// </summary>
internal static class ShapeGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        foreach (var op in new[] { "Flatten", "Reshape", "Squeeze", "Unsqueeze" })
        {
            rules[op] = Reshape;
        }

        rules["Identity"] = PassThrough;
        // Dropout is the identity at inference; its mask output carries no gradient.
        rules["Dropout"] = PassThrough;
        rules["Transpose"] = Transpose;
        rules["Expand"] = Expand;
        foreach (var op in new[] { "Shape", "Size", "ConstantOfShape", "Constant" })
        {
            rules[op] = NoGradient;
        }
    }

    private static void NoGradient(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
    }

    private static void Expand(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (e.NeedsGradient(node.Input[0]) && outputGrads[0] is { } grad)
        {
            inputGrads[0] = e.ReduceToOperand(grad, e.ShapeOf(node.Output[0]), node.Input[0]);
        }
    }

    private static void Reshape(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (e.NeedsGradient(node.Input[0]) && outputGrads[0] is { } grad)
        {
            inputGrads[0] = e.ReshapeLike(grad, node.Input[0]);
        }
    }

    private static void PassThrough(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (e.NeedsGradient(node.Input[0]) && outputGrads[0] is { } grad)
        {
            inputGrads[0] = grad;
        }
    }

    private static void Transpose(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        // No perm means reversed axes, which is its own inverse.
        if (GradientEmitter.GetInts(node, "perm") is not { } perm)
        {
            inputGrads[0] = e.Op("Transpose", [grad]);
            return;
        }

        var inverse = new long[perm.Length];
        for (var i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        inputGrads[0] = e.Transpose(grad, inverse);
    }
}
