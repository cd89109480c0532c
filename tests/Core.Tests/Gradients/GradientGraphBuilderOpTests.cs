using CloudFreq.Core.Models.Onnx;
using Xunit.Abstractions;
using static CloudFreq.Core.Tests.Models.Onnx.TinyOnnxModels;

namespace CloudFreq.Core.Tests.Gradients;

/// <summary>Small opset-9 models, one per op family, each checked by directional derivatives.</summary>
public sealed class GradientGraphBuilderOpTests(ITestOutputHelper output)
{
    /// <summary>Conv stride 2 on 8x8 with pads 1 (ConvTranspose needs output_padding 1) -> Relu -> Flatten -> Gemm.</summary>
    [Fact]
    public void Build_ConvReluGemm_DirectionalDerivativesMatch() => AssertGradientsMatch(Model(9, Graph(
        "conv_relu_gemm",
        [
            Node("Conv", "conv", ["x", "w", "b"], ["c"],
                IntsAttribute("kernel_shape", 3, 3), IntsAttribute("strides", 2, 2), IntsAttribute("pads", 1, 1, 1, 1)),
            Node("Relu", "relu", ["c"], ["r"]),
            Node("Flatten", "flatten", ["r"], ["f"], IntAttribute("axis", 1)),
            Node("Gemm", "gemm", ["f", "w2", "b2"], ["y"],
                IntAttribute("transB", 1), FloatAttribute("alpha", 0.7f), FloatAttribute("beta", 1.3f)),
        ],
        [Tensor("x", 1, 2, 8, 8)],
        [Tensor("y", 1, 5)],
        Floats("w", 1, 3, 2, 3, 3), Floats("b", 2, 3), Floats("w2", 3, 5, 48), Floats("b2", 4, 5))));

    /// <summary>Conv -> Relu -> MaxPool 2x2 stride 2 on 7x7 (the last row and column are dropped) -> Reshape -> MatMul + Add.</summary>
    [Fact]
    public void Build_MaxPool_DirectionalDerivativesMatch() => AssertGradientsMatch(Model(9, Graph(
        "maxpool",
        [
            Node("Conv", "conv", ["x", "w"], ["c"], IntsAttribute("kernel_shape", 2, 2)),
            Node("Relu", "relu", ["c"], ["r"]),
            Node("MaxPool", "pool", ["r"], ["p"], IntsAttribute("kernel_shape", 2, 2), IntsAttribute("strides", 2, 2)),
            Node("Reshape", "reshape", ["p", "shape"], ["f"]),
            Node("MatMul", "matmul", ["f", "w2"], ["m"]),
            Node("Add", "add", ["m", "b2"], ["y"]),
        ],
        [Tensor("x", 1, 1, 8, 8)],
        [Tensor("y", 1, 4)],
        Floats("w", 1, 3, 1, 2, 2), Int64s("shape", 1, 27), Floats("w2", 2, 27, 4), Floats("b2", 3, 4))));

    /// <summary>
    /// Broadcasting between two input-dependent operands (a [1,1,4,4] map times the [1,3,4,4] input),
    /// Div, Sub, a fan-out summed back, and Gemm with transA.
    /// </summary>
    [Fact]
    public void Build_BroadcastArithmetic_DirectionalDerivativesMatch() => AssertGradientsMatch(Model(9, Graph(
        "broadcast",
        [
            Node("Conv", "squeeze_channels", ["x", "w"], ["p"], IntsAttribute("kernel_shape", 1, 1)),
            Node("Mul", "mul", ["x", "p"], ["q"]),
            Node("Mul", "square", ["p", "p"], ["p2"]),
            Node("Add", "add_one", ["p2", "one"], ["den"]),
            Node("Div", "div", ["q", "den"], ["r"]),
            Node("Sub", "sub", ["r", "x"], ["t"]),
            Node("Sub", "sub_const", ["half", "t"], ["u"]),
            Node("Reshape", "column", ["u", "shape"], ["col"]),
            Node("Gemm", "gemm", ["col", "w2", "b2"], ["y"], IntAttribute("transA", 1)),
        ],
        [Tensor("x", 1, 3, 4, 4)],
        [Tensor("y", 1, 5)],
        Floats("w", 1, 1, 3, 1, 1), Scalar("one", 1f), Scalar("half", 0.5f), Int64s("shape", 48, 1),
        Floats("w2", 2, 48, 5), Floats("b2", 3, 5))));

    /// <summary>Rank-3 MatMul with a constant, Transpose, then MatMul of two input-dependent tensors.</summary>
    [Fact]
    public void Build_MatMulTranspose_DirectionalDerivativesMatch() => AssertGradientsMatch(Model(9, Graph(
        "matmul_transpose",
        [
            Node("Reshape", "rows", ["x", "shape3"], ["x3"]),
            Node("MatMul", "project", ["x3", "w"], ["m"]),
            Node("Transpose", "transpose", ["m"], ["mt"], IntsAttribute("perm", 0, 2, 1)),
            Node("MatMul", "bilinear", ["mt", "x3"], ["bl"]),
            Node("Identity", "identity", ["bl"], ["id"]),
            Node("Flatten", "flatten", ["id"], ["y"], IntAttribute("axis", 1)),
        ],
        [Tensor("x", 1, 3, 2, 2)],
        [Tensor("y", 1, 16)],
        Int64s("shape3", 1, 3, 4), Floats("w", 1, 4, 4))));

    [Fact]
    public void Build_UnsupportedOp_NamesOpAndNode()
    {
        var bytes = Model(9, Graph(
            "sine",
            [Node("Sin", "my_sine", ["x"], ["s"]), Node("Relu", "relu", ["s"], ["y"])],
            [Tensor("x", 1, 4)],
            [Tensor("y", 1, 4)]));
        var error = Assert.Throws<CloudFreqException>(
            () => Core.Gradients.GradientGraphBuilder.Build(OnnxModelFile.FromBytes(bytes, "sine")));
        Assert.Contains("Sin", error.Message, StringComparison.Ordinal);
        Assert.Contains("my_sine", error.Message, StringComparison.Ordinal);
    }

    private void AssertGradientsMatch(byte[] bytes) => GradientCheck.AssertMatches(bytes, output.WriteLine);
}
