using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Gradients;

/// <summary>
/// The row-wise ops a loss head is written in, each emitted in the form the model's opset takes:
/// reduction axes as attributes or inputs (ReduceSum from 13, ReduceMax from 18), Unsqueeze axes
/// as an attribute or an input (from 13), TopK's k as an attribute or an input (from 10).
/// Rows are images: tensors are [N, K] (logits) or [N, 1] (per-image columns).
/// </summary>
internal sealed class LossHeadOps(GradientEmitter e, int classes)
{
    private string? _classIndices;

    public GradientEmitter Emitter => e;

    /// <summary>Sum over the class axis, [N, 1].</summary>
    public string RowSum(string value) => Sum(value, axis: 1, keepDims: true);

    /// <summary>Sum over one axis, keeping it (size 1) or dropping it.</summary>
    public string Sum(string value, long axis, bool keepDims) =>
        e.Opset >= 13
            ? e.Op("ReduceSum", [value, e.Int64Vector(axis)], GradientEmitter.Int("keepdims", keepDims ? 1 : 0))
            : e.Op("ReduceSum", [value], GradientEmitter.Ints("axes", axis), GradientEmitter.Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Max over the class axis, [N, 1].</summary>
    public string RowMax(string value) =>
        e.Opset >= 18
            ? e.Op("ReduceMax", [value, e.Int64Vector(1)], GradientEmitter.Int("keepdims", 1))
            : e.Op("ReduceMax", [value], GradientEmitter.Ints("axes", 1), GradientEmitter.Int("keepdims", 1));

    /// <summary>One-hot [N, K] (float) of the first arg-max along the class axis: the gradient of <see cref="RowMax"/>.</summary>
    public string ArgMaxOneHot(string value) =>
        OneHot(e.Op("ArgMax", [value], GradientEmitter.Int("axis", 1), GradientEmitter.Int("keepdims", 1)));

    /// <summary>Largest k values per row (sorted, [N, k]) and their class indices (int64 [N, k]).</summary>
    public (string Values, string Indices) TopK(string value, int k)
    {
        var outputs = e.Opset >= 10
            ? e.Ops("TopK", [value, e.Int64Vector(k)], 2, GradientEmitter.Int("axis", 1))
            : e.Ops("TopK", [value], 2, GradientEmitter.Int("axis", 1), GradientEmitter.Int("k", k));
        return (outputs[0], outputs[1]);
    }

    public string Unsqueeze(string value, long axis) =>
        e.Opset >= 13
            ? e.Op("Unsqueeze", [value, e.Int64Vector(axis)])
            : e.Op("Unsqueeze", [value], GradientEmitter.Ints("axes", axis));

    /// <summary>
    /// Float one-hot rows of int64 class indices whose last axis has size 1 (for example [N, 1] -> [N, K],
    /// [N, k, 1] -> [N, k, K]): Equal against the constant vector 0..K-1, broadcast on the last axis.
    /// </summary>
    public string OneHot(string indices) => e.CastToFloat(OneHotMask(indices));

    /// <summary>The boolean form of <see cref="OneHot"/>, for Where.</summary>
    public string OneHotMask(string indices) => e.Op("Equal", [indices, ClassIndices()]);

    /// <summary>A float constant of the given dims.</summary>
    public string FloatTensor(float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = e.Fresh("loss_const"), DataType = OnnxElementTypes.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        e.Initializers.Add(tensor);
        return tensor.Name;
    }

    public string Add(string a, string b) => e.Op("Add", [a, b]);

    public string Sub(string a, string b) => e.Op("Sub", [a, b]);

    public string Mul(string a, string b) => e.Op("Mul", [a, b]);

    public string Div(string a, string b) => e.Op("Div", [a, b]);

    public string Neg(string a) => e.Op("Neg", [a]);

    private string ClassIndices() => _classIndices ??= e.Int64Vector([.. Enumerable.Range(0, classes).Select(i => (long)i)]);
}
