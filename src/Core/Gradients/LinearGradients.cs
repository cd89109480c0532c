using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>Gemm and MatMul: products with the transposed other operand, built from MatMul and Transpose.</summary>
internal static class LinearGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["Gemm"] = Gemm;
        rules["MatMul"] = MatMul;
    }

    // Y = alpha A' B' + beta C with A' = transA ? A^T : A, B' = transB ? B^T : B.
    private static void Gemm(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (outputGrads[0] is not { } grad)
        {
            return;
        }

        var (a, b) = (node.Input[0], node.Input[1]);
        var transA = GradientEmitter.GetInt(node, "transA", 0) != 0;
        var transB = GradientEmitter.GetInt(node, "transB", 0) != 0;
        var alpha = GradientEmitter.GetFloat(node, "alpha", 1f);
        var beta = GradientEmitter.GetFloat(node, "beta", 1f);
        if (e.NeedsGradient(a))
        {
            // dA' = alpha G B'^T, and B'^T is B itself when transB.
            var product = e.Op("MatMul", [grad, transB ? b : e.Transpose(b, [1, 0])]);
            inputGrads[0] = e.Scale(transA ? e.Transpose(product, [1, 0]) : product, alpha);
        }

        if (e.NeedsGradient(b))
        {
            // dB' = alpha A'^T G, and A'^T is A itself when transA.
            var product = e.Op("MatMul", [transA ? a : e.Transpose(a, [1, 0]), grad]);
            inputGrads[1] = e.Scale(transB ? e.Transpose(product, [1, 0]) : product, alpha);
        }

        if (node.Input.Count > 2 && e.NeedsGradient(node.Input[2]))
        {
            inputGrads[2] = e.ReduceToOperand(e.Scale(grad, beta), e.ShapeOf(node.Output[0]), node.Input[2]);
        }
    }

    // Y = A B over the last two axes, leading axes broadcast: dA = G B^T, dB = A^T G, each summed back.
    private static void MatMul(GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads)
    {
        if (outputGrads[0] is not { } grad)
        {
            return;
        }

        var (a, b) = (node.Input[0], node.Input[1]);
        var (rankA, rankB) = (e.ShapeOf(a).Length, e.ShapeOf(b).Length);
        if (rankA < 2 || rankB < 2)
        {
            throw e.Unsupported(node, "rank-1 MatMul operands are not handled");
        }

        var outputShape = e.ShapeOf(node.Output[0]);
        if (e.NeedsGradient(a))
        {
            var product = e.Op("MatMul", [grad, e.SwapLastTwo(b, rankB)]);
            inputGrads[0] = e.ReduceToOperand(product, outputShape[..^1].Append(e.ShapeOf(a)[^1]).ToArray(), a);
        }

        if (e.NeedsGradient(b))
        {
            var product = e.Op("MatMul", [e.SwapLastTwo(a, rankA), grad]);
            var productShape = outputShape[..^2].Append(e.ShapeOf(a)[^1]).Append(outputShape[^1]).ToArray();
            inputGrads[1] = e.ReduceToOperand(product, productShape, b);
        }
    }
}
