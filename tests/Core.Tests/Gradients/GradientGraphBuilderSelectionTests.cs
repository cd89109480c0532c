using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;
using Xunit.Abstractions;
using static CloudFreq.Core.Tests.Models.Onnx.TinyOnnxModels;

namespace CloudFreq.Core.Tests.Gradients;

/// <summary>
/// Concat, Split, Slice, Pad, Gather, Squeeze/Unsqueeze, Expand, Dropout and shape-only subgraphs,
/// at the opsets where their signatures differ. Each model squares its result so that the gradient
/// depends on the input.
/// </summary>
public sealed class GradientGraphBuilderSelectionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(9)]
    [InlineData(13)]
    public void Build_Concat_DirectionalDerivativesMatch(long opset) => Check(Square(opset, [1, 2, 3], [1, 5, 3],
        [Node("Relu", "relu", ["s"], ["r"]), Node("Concat", "concat", ["s", "r", "c"], ["z"], IntAttribute("axis", -2))],
        Floats("c", 5, 1, 1, 3)));

    /// <summary>Split: sizes as an attribute (11), as an input (13), num_outputs (18); the middle output is unused.</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(18)]
    public void Build_Split_DirectionalDerivativesMatch(long opset)
    {
        var split = opset switch
        {
            < 13 => Node("Split", "split", ["s"], ["a", "b", "c"], IntAttribute("axis", 2), IntsAttribute("split", 1, 2, 1)),
            < 18 => Node("Split", "split", ["s", "sizes"], ["a", "b", "c"], IntAttribute("axis", 2)),
            _ => Node("Split", "split", ["s"], ["a", "b", "c"], IntAttribute("axis", 2), IntAttribute("num_outputs", 3)),
        };
        var sizes = opset >= 18 ? new long[] { 2, 2, 2 } : [1, 2, 1];
        Check(Square(opset, [1, 2, sizes.Sum()], [1, 2, sizes[0] + sizes[2]],
            [split, Node("Concat", "concat", ["c", "a"], ["z"], IntAttribute("axis", 2))],
            Int64s("sizes", sizes)));
    }

    /// <summary>Slice: attributes (9); inputs with negative starts, clamped ends and steps 2 and -1 (10, 13).</summary>
    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(13)]
    public void Build_Slice_DirectionalDerivativesMatch(long opset)
    {
        if (opset < 10)
        {
            Check(Square(opset, [1, 3, 6], [1, 1, 4],
                [Node("Slice", "slice", ["s"], ["z"], IntsAttribute("starts", -4, 1), IntsAttribute("ends", 1000, -1), IntsAttribute("axes", 2, 1))]));
            return;
        }

        // Axis 2: from -5 to the end in steps of 2 (3 of 6); axis 1: from 2 down past the start (all 3, reversed).
        Check(Square(opset, [1, 3, 6], [1, 3, 3],
            [Node("Slice", "slice", ["s", "starts", "ends", "axes", "steps"], ["z"])],
            Int64s("starts", -5, 2), Int64s("ends", long.MaxValue, -1000), Int64s("axes", -1, 1), Int64s("steps", 2, -1)));
    }

    /// <summary>Pad: constant with attributes (9) and inputs with a value and a negative pad (11); reflect and edge at 18 with axes.</summary>
    [Theory]
    [InlineData(9, "constant")]
    [InlineData(11, "constant")]
    [InlineData(18, "reflect")]
    [InlineData(18, "edge")]
    public void Build_Pad_DirectionalDerivativesMatch(long opset, string mode)
    {
        var pad = opset switch
        {
            < 11 => Node("Pad", "pad", ["s"], ["z"], IntsAttribute("pads", 0, 0, 1, 2, 0, 0, 2, 1), FloatAttribute("value", 0.5f)),
            < 18 => Node("Pad", "pad", ["s", "pads", "value"], ["z"]),
            _ => Node("Pad", "pad", ["s", "pads2", "", "axes"], ["z"], StringAttribute("mode", mode)),
        };
        long[] outputShape = opset switch
        {
            < 11 => [1, 2, 6, 6],
            < 18 => [1, 2, 6, 2],
            _ => [1, 2, 5, 4],
        };
        Check(Square(opset, [1, 2, 3, 3], outputShape, [pad],
            Int64s("pads", 0, 0, 1, 0, 0, 0, 2, -1), Scalar("value", 0.5f), Int64s("pads2", 1, 1, 1, 0), Int64s("axes", 2, 3)));
    }

    /// <summary>Reflect and edge Pad before opset 16 (no ScatterElements reduction): per-axis 0/1 matrices.</summary>
    [Theory]
    [InlineData(10, "reflect")]
    [InlineData(10, "edge")]
    [InlineData(13, "reflect")]
    [InlineData(13, "edge")]
    public void Build_PadReflectOrEdgeBeforeOpset16_DirectionalDerivativesMatch(long opset, string mode)
    {
        // 3 x 4 padded by (2 before, 1 after) rows and (1, 3) columns: reflect needs pads below the size.
        var pad = opset < 11
            ? Node("Pad", "pad", ["s"], ["z"], IntsAttribute("pads", 0, 0, 2, 1, 0, 0, 1, 3), StringAttribute("mode", mode))
            : Node("Pad", "pad", ["s", "pads"], ["z"], StringAttribute("mode", mode));
        Check(Square(opset, [1, 2, 3, 4], [1, 2, 6, 8], [pad], Int64s("pads", 0, 0, 2, 1, 0, 0, 1, 3)));
    }

    [Fact]
    public void Build_PadReflectBeforeOpset16_WithComputedPads_NamesOpAndNode()
    {
        var bytes = Model(13, Graph(
            "pad_reflect",
            [
                // pads = [0, 0, 1, 1, 0, 0, 1, 1], but computed at run time from the input's shape.
                Node("Shape", "shape", ["x"], ["shape"]),
                Node("Div", "ones", ["shape", "shape"], ["ones"]),
                Node("Mul", "half_pads", ["ones", "mask"], ["half"]),
                Node("Concat", "pads_from_shape", ["half", "half"], ["pads"], IntAttribute("axis", 0)),
                Node("Pad", "reflect_pad", ["x", "pads"], ["y"], StringAttribute("mode", "reflect")),
            ],
            [Tensor("x", 1, 2, 3, 3)],
            [Tensor("y", 1, 2, 5, 5)],
            Int64s("mask", 0, 0, 1, 1)));
        var error = Assert.Throws<CloudFreqException>(() => Core.Gradients.GradientGraphBuilder.Build(OnnxModelFile.FromBytes(bytes, "pad")));
        Assert.Contains("Pad", error.Message, StringComparison.Ordinal);
        Assert.Contains("reflect_pad", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Gather: a scalar index on axis 1 (the ViT class token), repeated and negative indices on axis 2.</summary>
    [Theory]
    [InlineData(9, "scalar")]
    [InlineData(13, "scalar")]
    [InlineData(11, "repeated")]
    public void Build_Gather_DirectionalDerivativesMatch(long opset, string indices)
    {
        var scalar = indices == "scalar";
        Check(Square(opset, [1, 3, 4], scalar ? [1, 4] : [1, 3, 4, 2],
            [Node("Gather", "gather", ["s", "indices"], ["z"], IntAttribute("axis", scalar ? 1 : 2))],
            scalar ? Int64Scalar("indices", 0) : Int64Matrix("indices", [0, -1, 0, 1, 2, 2, 1, 0], 4, 2)));
    }

    /// <summary>Squeeze and Unsqueeze (axes attribute at 11, input at 13), Expand, Dropout, Identity and a Constant.</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void Build_SqueezeUnsqueezeExpandDropout_DirectionalDerivativesMatch(long opset)
    {
        NodeProto[] nodes = opset >= 13
            ? [Node("Unsqueeze", "unsqueeze", ["s", "axes"], ["u"]), Node("Squeeze", "squeeze", ["u", "axes"], ["q"])]
            : [Node("Unsqueeze", "unsqueeze", ["s"], ["u"], IntsAttribute("axes", 1)), Node("Squeeze", "squeeze", ["u"], ["q"], IntsAttribute("axes", 1))];
        Check(Square(opset, [1, 2, 4], [1, 3, 2, 4],
            [
                .. nodes,
                Node("Constant", "shape_node", [], ["target"], TensorAttribute("value", Int64s("target_value", 3, 1, 4))),
                Node("Reshape", "column", ["q", "column_shape"], ["col"]),
                Node("Expand", "expand", ["col", "target"], ["e"]),
                Node("Dropout", "dropout", ["e"], ["d"]),
                Node("Identity", "identity", ["d"], ["i"]),
                Node("Unsqueeze", "batch", opset >= 13 ? ["i", "zero"] : ["i"], ["z"], opset >= 13 ? [] : [IntsAttribute("axes", 0)]),
            ],
            Int64s("axes", 1), Int64s("column_shape", 2, 4), Int64s("zero", 0)));
    }

    /// <summary>
    /// A shape-only subgraph with a dynamic batch: Shape -> Gather -> Unsqueeze -> Concat feeds a Reshape,
    /// and ConstantOfShape(Shape(x)) is added to x; neither gets a gradient, and the batch stays dynamic.
    /// </summary>
    [Fact]
    public void Build_ShapeSubgraph_NoGradientAndDynamicBatch()
    {
        var x = Tensor("x", 1, 2, 3);
        x.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        var y = Tensor("y", 1, 6);
        y.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
        var bytes = Model(13, Graph(
            "shape_subgraph",
            [
                Node("Shape", "shape", ["x"], ["sh"]),
                Node("Gather", "batch_dim", ["sh", "zero"], ["n"], IntAttribute("axis", 0)),
                Node("Unsqueeze", "n_vector", ["n", "zero_axes"], ["nv"]),
                Node("Concat", "target", ["nv", "minus_one"], ["target"], IntAttribute("axis", 0)),
                Node("ConstantOfShape", "zeros", ["sh"], ["z"], TensorAttribute("value", FloatValues("one", [1f], 1))),
                Node("Add", "plus_ones", ["x", "z"], ["a"]),
                Node("Mul", "square", ["a", "a"], ["m"]),
                Node("Reshape", "flatten", ["m", "target"], ["y"]),
            ],
            [x],
            [y],
            Int64Scalar("zero", 0), Int64s("zero_axes", 0), Int64s("minus_one", -1)));
        GradientCheck.AssertMatches(bytes, output.WriteLine);
        using var pair = new GradientCheck(OnnxModelFile.FromBytes(bytes, "shape_subgraph"), batch: 3);
        var (_, grad, shape) = pair.Run(new float[18], Enumerable.Repeat(1f, 18).ToArray());
        Assert.Equal([3L, 2, 3], shape);
        Assert.All(grad, g => Assert.Equal(2f, g));
    }

    /// <summary>x [inputShape] -> Add 0.25 -> the given nodes (reading s, writing z) -> z * z = y [outputShape].</summary>
    private static byte[] Square(long opset, long[] inputShape, long[] outputShape, NodeProto[] nodes, params TensorProto[] extra) =>
        Model(opset, Graph(
            "selection",
            [Node("Add", "shift", ["x", "quarter"], ["s"]), .. nodes, Node("Mul", "square", ["z", "z"], ["y"])],
            [Tensor("x", inputShape)],
            [Tensor("y", outputShape)],
            [Scalar("quarter", 0.25f), .. extra]));

    private static TensorProto Int64Matrix(string name, long[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    private void Check(byte[] model) => GradientCheck.AssertMatches(model, output.WriteLine);
}
