using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// MaxPool: the forward node is given its Indices output (flat positions in the input tensor,
/// batch and channel included) and the gradient is scattered into zeros at those positions.
/// That is exact only when windows do not overlap (stride at least the kernel in every axis),
/// since Scatter overwrites instead of adding; overlapping windows are refused.
/// </summary>
internal static class PoolGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules) => rules["MaxPool"] = MaxPool;

    private static void MaxPool(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        if (e.Opset < 8)
        {
            throw e.Unsupported(node, "MaxPool has no Indices output before opset 8");
        }

        var kernel = GradientEmitter.GetInts(node, "kernel_shape") ?? throw e.Unsupported(node, "no kernel_shape");
        var strides = GradientEmitter.GetInts(node, "strides") ?? Enumerable.Repeat(1L, kernel.Length).ToArray();
        var dilations = GradientEmitter.GetInts(node, "dilations") ?? Enumerable.Repeat(1L, kernel.Length).ToArray();
        for (var i = 0; i < kernel.Length; i++)
        {
            if (strides[i] < ((kernel[i] - 1) * dilations[i]) + 1)
            {
                throw e.Unsupported(node, "overlapping pooling windows (stride smaller than the kernel) are not handled");
            }
        }

        if (GradientEmitter.GetInt(node, "storage_order", 0) != 0)
        {
            throw e.Unsupported(node, "storage_order 1 (column-major indices) is not handled");
        }

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

        var input = node.Input[0];
        var flat = e.Int64Vector(1, -1);
        var zeros = e.Op("Reshape", [e.Op("ConstantOfShape", [e.RuntimeShape(input)]), flat]);
        var indices = e.Op("Reshape", [node.Output[1], flat]);
        var updates = e.Op("Reshape", [grad, flat]);
        // Scatter (opset 9-10) became ScatterElements in opset 11.
        var scatterOp = e.Opset >= 11 ? "ScatterElements" : "Scatter";
        var scattered = e.Op(scatterOp, [zeros, indices, updates], GradientEmitter.Int("axis", 1));
        inputGrads[0] = e.ReshapeLike(scattered, input);
    }
}
