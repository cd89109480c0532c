using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// ReduceSum and ReduceMean: the gradient is broadcast back over the reduced axes (ReduceMean
/// divides by the number of elements averaged, taken at run time so that a reduced batch axis
/// stays right). The axes are an attribute before opset 13 (ReduceSum) or 18 (ReduceMean) and
/// an optional input afterwards; that input tensor feeds the backward's Unsqueeze directly.
/// </summary>
internal static class ReductionGradients
{
    public static void Register(Dictionary<string, BackwardRule> rules)
    {
        rules["ReduceSum"] = (e, node, outputGrads, inputGrads) => Reduce(e, node, outputGrads, inputGrads, 13, mean: false);
        rules["ReduceMean"] = (e, node, outputGrads, inputGrads) => Reduce(e, node, outputGrads, inputGrads, 18, mean: true);
    }

    private static void Reduce(
        GradientEmitter e, NodeProto node, string?[] outputGrads, string?[] inputGrads, long axesInputOpset, bool mean)
    {
        if (!e.NeedsGradient(node.Input[0]) || outputGrads[0] is not { } grad)
        {
            return;
        }

        var x = node.Input[0];
        var keepDims = GradientEmitter.GetInt(node, "keepdims", 1) != 0;
        var axesAsInput = e.Opset >= axesInputOpset;
        var hasAxes = axesAsInput
            ? node.Input.Count > 1 && node.Input[1].Length > 0
            : GradientEmitter.GetInts(node, "axes") is { Length: > 0 };
        if (!hasAxes && axesAsInput && GradientEmitter.GetInt(node, "noop_with_empty_axes", 0) != 0)
        {
            inputGrads[0] = grad; // no axes with noop_with_empty_axes: the identity
            return;
        }

        // Without keepdims the reduced axes are put back (at their input positions) before the
        // broadcast; with no axes everything was reduced and the gradient is a scalar already.
        var kept = grad;
        if (!keepDims && hasAxes)
        {
            if (axesAsInput)
            {
                kept = e.Op("Unsqueeze", [grad, node.Input[1]]);
            }
            else
            {
                var rank = e.ShapeOf(x).Length;
                var axes = GradientEmitter.GetInts(node, "axes")!.Select(a => GradientEmitter.NormalizeAxis(a, rank)).Order().ToArray();
                kept = e.Unsqueeze(grad, axes);
            }
        }

        var spread = e.ExpandLike(kept, x);
        if (mean)
        {
            // 1 / count = size(y) / size(x).
            var ratio = e.Op("Div", [e.CastToFloat(e.Op("Size", [node.Output[0]])), e.CastToFloat(e.Op("Size", [x]))]);
            spread = e.Op("Mul", [spread, ratio]);
        }

        inputGrads[0] = spread;
    }
}
