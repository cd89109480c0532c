using CloudFreq.Core.Models.Onnx.Proto;
using Xunit.Abstractions;
using static CloudFreq.Core.Tests.Models.Onnx.TinyOnnxModels;

namespace CloudFreq.Core.Tests.Gradients;

/// <summary>Pointwise activations, Clip, Pow, Softmax and LogSoftmax, at the opsets where their signatures differ.</summary>
public sealed class GradientGraphBuilderActivationTests(ITestOutputHelper output)
{
    /// <summary>x [1,2,3,3] in [0,1] -> Add shift -> op -> y (shift 0.5 keeps Log, Sqrt, Reciprocal away from 0).</summary>
    [Theory]
    [InlineData("Relu", 9, -0.5f)]
    [InlineData("LeakyRelu", 9, -0.5f)]
    [InlineData("LeakyRelu", 16, -0.5f)]
    [InlineData("Sigmoid", 9, -0.5f)]
    [InlineData("Sigmoid", 13, -0.5f)]
    [InlineData("Tanh", 9, -0.5f)]
    [InlineData("Tanh", 13, -0.5f)]
    [InlineData("Erf", 9, -0.5f)]
    [InlineData("Erf", 13, -0.5f)]
    [InlineData("Exp", 9, -0.5f)]
    [InlineData("Exp", 13, -0.5f)]
    [InlineData("Log", 9, 0.5f)]
    [InlineData("Log", 13, 0.5f)]
    [InlineData("Sqrt", 9, 0.5f)]
    [InlineData("Sqrt", 13, 0.5f)]
    [InlineData("Reciprocal", 13, 0.5f)]
    [InlineData("Neg", 9, -0.5f)]
    [InlineData("Neg", 13, -0.5f)]
    public void Build_UnaryOp_DirectionalDerivativesMatch(string op, long opset, float shift)
    {
        AttributeProto[] attributes = op == "LeakyRelu" ? [FloatAttribute("alpha", 0.2f)] : [];
        Check(Model(opset, Graph(
            op.ToLowerInvariant(),
            [
                Node("Add", "shift", ["x", "shift"], ["s"]),
                Node(op, "op", ["s"], ["y"], attributes),
            ],
            [Tensor("x", 1, 2, 3, 3)],
            [Tensor("y", 1, 2, 3, 3)],
            Scalar("shift", shift))));
    }

    /// <summary>Clip with min/max attributes (opset 9).</summary>
    [Fact]
    public void Build_ClipAttributes_DirectionalDerivativesMatch() => Check(Model(9, Graph(
        "clip9",
        [
            Node("Add", "shift", ["x", "shift"], ["s"]),
            Node("Clip", "clip", ["s"], ["y"], FloatAttribute("min", -0.2f), FloatAttribute("max", 0.3f)),
        ],
        [Tensor("x", 1, 2, 3, 3)],
        [Tensor("y", 1, 2, 3, 3)],
        Scalar("shift", -0.5f))));

    /// <summary>Clip with min/max inputs (opset 11 and 13): both, only max (min left empty), ReLU6 from Constant nodes.</summary>
    [Theory]
    [InlineData(11, "both")]
    [InlineData(13, "max_only")]
    [InlineData(11, "relu6")]
    public void Build_ClipInputs_DirectionalDerivativesMatch(long opset, string bounds)
    {
        var scale = bounds == "relu6" ? 12f : 1f;
        NodeProto clip = bounds switch
        {
            "both" => Node("Clip", "clip", ["s", "min", "max"], ["y"]),
            "max_only" => Node("Clip", "clip", ["s", "", "max"], ["y"]),
            _ => Node("Clip", "clip", ["s", "zero", "six"], ["y"]),
        };
        Check(Model(opset, Graph(
            "clip" + bounds,
            [
                Node("Constant", "zero_node", [], ["zero"], TensorAttribute("value", FloatValues("zero_value", [0f]))),
                Node("Constant", "six_node", [], ["six"], TensorAttribute("value", FloatValues("six_value", [6f]))),
                Node("Sub", "shift", ["x", "half"], ["c"]),
                Node("Mul", "scale", ["c", "scale"], ["s"]),
                clip,
            ],
            [Tensor("x", 1, 2, 3, 3)],
            [Tensor("y", 1, 2, 3, 3)],
            Scalar("half", 0.5f), Scalar("scale", scale), Scalar("min", -0.2f), Scalar("max", 0.3f))));
    }

    /// <summary>Pow with a constant float exponent (opset 9), an int64 exponent (opset 13), and an input-dependent one.</summary>
    [Theory]
    [InlineData(9, "float")]
    [InlineData(13, "int")]
    [InlineData(9, "input")]
    [InlineData(13, "input")]
    public void Build_Pow_DirectionalDerivativesMatch(long opset, string exponent)
    {
        var nodes = new List<NodeProto> { Node("Add", "shift", ["x", "half"], ["a"]) };
        var initializers = new List<TensorProto> { Scalar("half", 0.5f) };
        switch (exponent)
        {
            case "float":
                initializers.Add(Floats("b", 4, 3, 1));
                nodes.Add(Node("Pow", "pow", ["a", "b"], ["y"]));
                break;
            case "int":
                initializers.Add(Int64Scalar("b", 3));
                nodes.Add(Node("Pow", "pow", ["a", "b"], ["y"]));
                break;
            default:
                // a^(sigmoid(a)) with a broadcast [1,1,3,1] exponent map.
                nodes.Add(Node("ReduceMean", "mean", ["a"], ["m"], IntsAttribute("axes", 1, 3)));
                nodes.Add(Node("Sigmoid", "sigmoid", ["m"], ["b"]));
                nodes.Add(Node("Pow", "pow", ["a", "b"], ["y"]));
                break;
        }

        Check(Model(opset, Graph("pow", nodes, [Tensor("x", 1, 2, 3, 3)], [Tensor("y", 1, 2, 3, 3)], [.. initializers])));
    }

    /// <summary>
    /// Softmax and LogSoftmax on [1,2,3,4]: before opset 13 axis 1 coerces to 2D (all 24 values
    /// normalized together); from 13 axis 1 is one axis, and the default axis is -1.
    /// </summary>
    [Theory]
    [InlineData("Softmax", 9, 1L)]
    [InlineData("Softmax", 11, 2L)]
    [InlineData("Softmax", 13, 1L)]
    [InlineData("Softmax", 13, null)]
    [InlineData("LogSoftmax", 9, 1L)]
    [InlineData("LogSoftmax", 11, -2L)]
    [InlineData("LogSoftmax", 13, 1L)]
    [InlineData("LogSoftmax", 13, null)]
    public void Build_Softmax_DirectionalDerivativesMatch(string op, long opset, long? axis)
    {
        AttributeProto[] attributes = axis is { } a ? [IntAttribute("axis", a)] : [];
        Check(Model(opset, Graph(
            op.ToLowerInvariant(),
            [
                Node("Mul", "scale", ["x", "three"], ["s"]),
                Node(op, "op", ["s"], ["p"], attributes),
                // Weighting breaks the sum-to-one symmetry, so every direction is tested.
                Node("Mul", "weigh", ["p", "w"], ["y"]),
            ],
            [Tensor("x", 1, 2, 3, 4)],
            [Tensor("y", 1, 2, 3, 4)],
            Scalar("three", 3f), Floats("w", 7, 1, 2, 3, 4))));
    }

    private void Check(byte[] model) => GradientCheck.AssertMatches(model, output.WriteLine);
}
