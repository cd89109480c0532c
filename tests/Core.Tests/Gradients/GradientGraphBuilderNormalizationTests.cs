using CloudFreq.Core.Models.Onnx.Proto;
using Xunit.Abstractions;
using static CloudFreq.Core.Tests.Models.Onnx.TinyOnnxModels;

namespace CloudFreq.Core.Tests.Gradients;

/// <summary>BatchNormalization, LayerNormalization (fused at opset 17 and decomposed), ReduceSum and ReduceMean.</summary>
public sealed class GradientGraphBuilderNormalizationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(9)]
    [InlineData(15)]
    public void Build_BatchNormalization_DirectionalDerivativesMatch(long opset) => Check(Model(opset, Graph(
        "batchnorm",
        [
            Node("Conv", "conv", ["x", "w"], ["c"], IntsAttribute("kernel_shape", 3, 3), IntsAttribute("pads", 1, 1, 1, 1)),
            Node("BatchNormalization", "bn", ["c", "scale", "bias", "mean", "var"], ["b"], FloatAttribute("epsilon", 1e-3f)),
            Node("Relu", "relu", ["b"], ["y"]),
        ],
        [Tensor("x", 1, 2, 4, 4)],
        [Tensor("y", 1, 3, 4, 4)],
        Floats("w", 1, 3, 2, 3, 3), Floats("scale", 2, 3), Floats("bias", 3, 3), Floats("mean", 4, 3),
        FloatValues("var", [0.5f, 1.5f, 0.1f], 3))));

    [Fact]
    public void Build_BatchNormalizationTrainingMode_NamesOpAndNode()
    {
        var bytes = Model(15, Graph(
            "batchnorm_training",
            [Node("BatchNormalization", "bn_train", ["x", "scale", "bias", "mean", "var"], ["y"], IntAttribute("training_mode", 1))],
            [Tensor("x", 2, 3, 2, 2)],
            [Tensor("y", 2, 3, 2, 2)],
            Floats("scale", 2, 3), Floats("bias", 3, 3), Floats("mean", 4, 3), FloatValues("var", [0.5f, 1.5f, 0.1f], 3)));
        var error = Assert.Throws<CloudFreqException>(
            () => Core.Gradients.GradientGraphBuilder.Build(Core.Models.Onnx.OnnxModelFile.FromBytes(bytes, "bn")));
        Assert.Contains("BatchNormalization", error.Message, StringComparison.Ordinal);
        Assert.Contains("bn_train", error.Message, StringComparison.Ordinal);
    }

    /// <summary>LayerNormalization (opset 17) over the last axis and over the last two, with scale and bias.</summary>
    [Theory]
    [InlineData(-1L)]
    [InlineData(1L)]
    public void Build_LayerNormalization_DirectionalDerivativesMatch(long axis)
    {
        long[] affine = axis == -1 ? [4] : [3, 4];
        Check(Model(17, Graph(
            "layernorm",
            [
                Node("LayerNormalization", "ln", ["x", "scale", "bias"], ["n"], IntAttribute("axis", axis), FloatAttribute("epsilon", 1e-5f)),
                Node("Mul", "weigh", ["n", "w"], ["y"]),
            ],
            [Tensor("x", 1, 3, 4)],
            [Tensor("y", 1, 3, 4)],
            Floats("scale", 2, affine), Floats("bias", 3, affine), Floats("w", 4, 1, 3, 4))));
    }

    /// <summary>
    /// The decomposed layer norm older exports produce: ReduceMean, Sub, Pow 2, ReduceMean, Add eps,
    /// Sqrt, Div, Mul, Add (ReduceMean axes as an attribute up to 17, as an input from 18).
    /// </summary>
    [Theory]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(18)]
    public void Build_DecomposedLayerNorm_DirectionalDerivativesMatch(long opset)
    {
        var axesInput = opset >= 18;
        NodeProto Mean(string name, string input, string result) => axesInput
            ? Node("ReduceMean", name, [input, "axes"], [result])
            : Node("ReduceMean", name, [input], [result], IntsAttribute("axes", -1));
        Check(Model(opset, Graph(
            "layernorm_decomposed",
            [
                Mean("mean", "x", "mu"),
                Node("Sub", "center", ["x", "mu"], ["d"]),
                Node("Pow", "square", ["d", "two"], ["d2"]),
                Mean("variance", "d2", "var"),
                Node("Add", "add_eps", ["var", "eps"], ["ve"]),
                Node("Sqrt", "std", ["ve"], ["sd"]),
                Node("Div", "normalize", ["d", "sd"], ["n"]),
                Node("Mul", "scale", ["n", "gamma"], ["ng"]),
                Node("Add", "shift", ["ng", "beta"], ["y"]),
            ],
            [Tensor("x", 1, 3, 4)],
            [Tensor("y", 1, 3, 4)],
            Scalar("two", 2f), Scalar("eps", 1e-5f), Floats("gamma", 2, 4), Floats("beta", 3, 4), Int64s("axes", -1))));
    }

    /// <summary>ReduceSum and ReduceMean: axes attribute or input, keepdims 0/1, negative axes, all axes, noop_with_empty_axes.</summary>
    [Theory]
    [InlineData("ReduceSum", 11, "attribute", 0)]
    [InlineData("ReduceSum", 11, "attribute", 1)]
    [InlineData("ReduceSum", 13, "input", 0)]
    [InlineData("ReduceSum", 13, "input", 1)]
    [InlineData("ReduceSum", 13, "none", 1)]
    [InlineData("ReduceSum", 13, "noop", 1)]
    [InlineData("ReduceMean", 9, "attribute", 0)]
    [InlineData("ReduceMean", 13, "attribute", 1)]
    [InlineData("ReduceMean", 13, "none", 1)]
    [InlineData("ReduceMean", 18, "input", 0)]
    [InlineData("ReduceMean", 18, "noop", 0)]
    public void Build_Reduce_DirectionalDerivativesMatch(string op, long opset, string axes, long keepDims)
    {
        // Axes 1 and -1 of [1,2,3,4]; the result is multiplied by x's square so the gradient varies.
        var keep = IntAttribute("keepdims", keepDims);
        var reduce = axes switch
        {
            "attribute" => Node(op, "reduce", ["x"], ["r"], keep, IntsAttribute("axes", 1, -1)),
            "input" => Node(op, "reduce", ["x", "axes"], ["r"], keep),
            "none" => Node(op, "reduce", ["x"], ["r"], keep),
            _ => Node(op, "reduce", ["x"], ["r"], keep, IntAttribute("noop_with_empty_axes", 1)),
        };
        long[] reducedShape = (axes, keepDims) switch
        {
            ("none", _) => [1, 1, 1, 1],
            ("noop", _) => [1, 2, 3, 4],
            (_, 1) => [1, 1, 3, 1],
            _ => [1, 3],
        };
        Check(Model(opset, Graph(
            op.ToLowerInvariant(),
            [reduce, Node("Mul", "square", ["r", "r"], ["y"])],
            [Tensor("x", 1, 2, 3, 4)],
            [Tensor("y", reducedShape)],
            Int64s("axes", 1, -1))));
    }

    private void Check(byte[] model) => GradientCheck.AssertMatches(model, output.WriteLine);
}
