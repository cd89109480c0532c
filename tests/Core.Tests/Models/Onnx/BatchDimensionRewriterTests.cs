using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;

namespace CloudFreq.Core.Tests.Models.Onnx;

public sealed class BatchDimensionRewriterTests
{
    [Theory]
    [MemberData(nameof(OnnxTestModels.FixedBatchModels), MemberType = typeof(OnnxTestModels))]
    public void Rewrite_FixedBatchSharedModel_InputAndOutputBecomeSymbolic(string model)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));

        var result = BatchDimensionRewriter.Rewrite(file);

        Assert.Equal(BatchRewriteOutcome.Rewritten, result.Outcome);
        var rewritten = OnnxModelFile.FromBytes(result.ModelBytes!, "rewritten");
        Assert.Equal(OnnxDim.Symbolic("batch"), rewritten.Inputs[0].Shape[0]);
        Assert.Equal(file.Inputs[0].Shape.Skip(1), rewritten.Inputs[0].Shape.Skip(1));
        Assert.Equal(OnnxDim.Symbolic("batch"), rewritten.Outputs[0].Shape[0]);
        Assert.Equal([file.Outputs[0].Name], result.RewrittenOutputs);
        // Their graphs only use Flatten(axis=1), Gemm and broadcasting [1,1,1,1] constants: nothing to fix.
        Assert.Empty(result.ChangedNodes);
    }

    [Theory]
    [MemberData(nameof(OnnxTestModels.FixedBatchModels), MemberType = typeof(OnnxTestModels))]
    public void Rewrite_FixedBatchSharedModel_BatchOfFiveEqualsFiveSingleRuns(string model)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));
        var result = BatchDimensionRewriter.Rewrite(file);

        AssertBatchOfFiveMatchesSingleRuns(file, result.ModelBytes!);
    }

    [Theory]
    [MemberData(nameof(OnnxTestModels.DynamicBatchModels), MemberType = typeof(OnnxTestModels))]
    public void Rewrite_SymbolicBatchSharedModel_AlreadyDynamicWithoutBytes(string model)
    {
        var result = BatchDimensionRewriter.Rewrite(OnnxModelFile.Load(OnnxTestModels.Shared(model)));

        Assert.Equal(BatchRewriteOutcome.AlreadyDynamic, result.Outcome);
        Assert.Null(result.ModelBytes);
        Assert.Contains("unk__17", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_HardcodedReshapesAndFlatten_FixesOnlyTheBatchPath()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("reshape_hardcoded_batch.onnx"));

        var result = BatchDimensionRewriter.Rewrite(file);

        Assert.Equal(BatchRewriteOutcome.Rewritten, result.Outcome);
        Assert.Equal(
            [
                "Reshape 'reshape_a': shape [1, 48] -> [0, 48]",
                "Reshape 'reshape_r': shape [1, 2, 3] -> [0, 2, 3]",
                "Reshape 'reshape_f': shape [1, -1] -> [0, -1]",
                "Flatten 'flatten_0': axis 0 -> 1",
            ],
            result.ChangedNodes.Select(change => change.ToString()));
        // a, g, r, f, f0 come from the input; b2 is weights only and keeps its shape.
        Assert.Equal(5, result.RelaxedValueInfoCount);
        var graph = ModelProto.Parser.ParseFrom(result.ModelBytes).Graph;
        Assert.Equal([1L, 4], graph.ValueInfo.Single(v => v.Name == "b2").Type.TensorType.Shape.Dim.Select(d => d.DimValue));
        Assert.Null(graph.ValueInfo.Single(v => v.Name == "a").Type.TensorType.Shape);
        Assert.Equal(OnnxElementTypes.Float, graph.ValueInfo.Single(v => v.Name == "a").Type.TensorType.ElemType);
    }

    [Fact]
    public void Rewrite_ConstantSharedWithWeightPath_LeavesItAndAddsConstantNode()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("reshape_hardcoded_batch.onnx"));

        var graph = ModelProto.Parser.ParseFrom(BatchDimensionRewriter.Rewrite(file).ModelBytes).Graph;

        var shared = graph.Initializer.Single(t => t.Name == "shape_1_m1");
        Assert.Equal([1L, -1], OnnxInt64Tensor.Read(shared)!);
        Assert.Equal("shape_1_m1", graph.Node.Single(n => n.Name == "reshape_bias").Input[1]);
        var batchReshape = graph.Node.Single(n => n.Name == "reshape_f");
        var constant = graph.Node.Single(n => n.Output.Contains(batchReshape.Input[1]));
        Assert.Equal("Constant", constant.OpType);
        Assert.True(graph.Node.IndexOf(constant) < graph.Node.IndexOf(batchReshape), "the new Constant must precede its Reshape");
        Assert.Equal([0L, -1], OnnxInt64Tensor.Read(constant.Attribute.Single().T)!);
        Assert.Equal([0L, 48], OnnxInt64Tensor.Read(graph.Initializer.Single(t => t.Name == "shape_1_48"))!);
    }

    [Fact]
    public void Rewrite_HardcodedReshapesAndFlatten_BatchOfFiveEqualsFiveSingleRuns()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("reshape_hardcoded_batch.onnx"));

        AssertBatchOfFiveMatchesSingleRuns(file, BatchDimensionRewriter.Rewrite(file).ModelBytes!);
    }

    [Fact]
    public void Rewrite_ConcatOfBatchOneConstant_NotRewritableNamingConcat()
    {
        var result = BatchDimensionRewriter.Rewrite(OnnxModelFile.Load(OnnxTestModels.Fixture("concat_constant_token.onnx")));

        Assert.Equal(BatchRewriteOutcome.NotRewritable, result.Outcome);
        Assert.Null(result.ModelBytes);
        Assert.Contains("Concat 'concat_token'", result.Summary, StringComparison.Ordinal);
        Assert.Contains("'token'", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_ConcatOfBatchOneConstant_ShapeOnlyRewriteReallyFailsInOnnxRuntime()
    {
        // Confirms the fixture is a real blocker: with only the input and output dims made symbolic,
        // ONNX Runtime rejects a batch of 5.
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("concat_constant_token.onnx"));
        var model = ModelProto.Parser.ParseFrom(file.Bytes);
        model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam = "batch";
        model.Graph.Output[0].Type.TensorType.Shape.Dim[0].DimParam = "batch";
        using var session = OnnxTestModels.CreateSession(Google.Protobuf.MessageExtensions.ToByteArray(model));

        Assert.Throws<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(
            () => OnnxTestModels.Run(session, "x", new float[5 * 16], [5, 1, 4, 4]));
    }

    [Fact]
    public void Rewrite_ReshapeToOneMinusOneWithAllowZero_NotRewritable()
    {
        var file = OnnxModelFile.FromBytes(TinyOnnxModels.ReshapeAllowZeroWithMinusOne(), "allowzero.onnx");

        var result = BatchDimensionRewriter.Rewrite(file);

        Assert.Equal(BatchRewriteOutcome.NotRewritable, result.Outcome);
        Assert.Contains("Reshape 'reshape_allowzero'", result.Summary, StringComparison.Ordinal);
        Assert.Contains("[1, -1]", result.Summary, StringComparison.Ordinal);
        Assert.Contains("allowzero", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_SqueezeOfBatchAxis_NotRewritable()
    {
        var result = BatchDimensionRewriter.Rewrite(OnnxModelFile.FromBytes(TinyOnnxModels.SqueezeBatchAxis(), "squeeze.onnx"));

        Assert.Equal(BatchRewriteOutcome.NotRewritable, result.Outcome);
        Assert.Contains("Squeeze 'squeeze_batch' removes the batch dimension", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_TwoInputs_NotRewritable()
    {
        var result = BatchDimensionRewriter.Rewrite(OnnxModelFile.FromBytes(TinyOnnxModels.TwoInputs(), "two.onnx"));

        Assert.Equal(BatchRewriteOutcome.NotRewritable, result.Outcome);
        Assert.Contains("2 inputs", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_InitializersListedAsInputs_RewritesOnlyTheImageInput()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("initializers_as_inputs.onnx"));

        var result = BatchDimensionRewriter.Rewrite(file);

        Assert.Equal(BatchRewriteOutcome.Rewritten, result.Outcome);
        var graph = ModelProto.Parser.ParseFrom(result.ModelBytes).Graph;
        Assert.Equal("batch", graph.Input.Single(i => i.Name == "x").Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(3, graph.Input.Single(i => i.Name == "conv_w").Type.TensorType.Shape.Dim[0].DimValue);
        AssertBatchOfFiveMatchesSingleRuns(file, result.ModelBytes!);
    }

    [Fact]
    public void Rewrite_CustomSymbol_UsedForInputAndOutput()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared("mnist/Convnet_maxpool.onnx"));

        var rewritten = OnnxModelFile.FromBytes(BatchDimensionRewriter.Rewrite(file, "N").ModelBytes!, "rewritten");

        Assert.Equal("[\"N\", 1, 28, 28]", OnnxDim.Format(rewritten.Inputs[0].Shape));
        Assert.Equal("[\"N\", 10]", OnnxDim.Format(rewritten.Outputs[0].Shape));
    }

    [Fact]
    public void Rewrite_AnyModel_LeavesTheOriginalUnchanged()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("reshape_hardcoded_batch.onnx"));
        var bytesBefore = file.Bytes.ToArray();

        _ = BatchDimensionRewriter.Rewrite(file);

        Assert.Equal(bytesBefore, file.Bytes);
        Assert.Equal("[1, 3, 4, 4]", OnnxDim.Format(file.Inputs[0].Shape));
        Assert.Equal(BatchRewriteOutcome.Rewritten, BatchDimensionRewriter.Rewrite(file).Outcome);
    }

    /// <summary>Runs 5 random images as one batch through the rewritten model and one by one through the original.</summary>
    private static void AssertBatchOfFiveMatchesSingleRuns(OnnxModelFile original, byte[] rewritten)
    {
        const int batch = 5;
        var input = original.Inputs[0];
        var sampleShape = input.Shape.Skip(1).Select(d => d.Value!.Value).ToArray();
        var sampleSize = (int)sampleShape.Aggregate(1L, (a, b) => a * b);
        var batchData = OnnxTestModels.RandomValues(batch * sampleSize, seed: 42);
        using var originalSession = OnnxTestModels.CreateSession(original.Bytes);
        using var batchedSession = OnnxTestModels.CreateSession(rewritten);

        var (batchShape, batchValues) = OnnxTestModels.Run(batchedSession, input.Name, batchData, [batch, .. sampleShape]);

        var perImage = batchValues.Length / batch;
        Assert.Equal(batch, batchShape[0]);
        for (var image = 0; image < batch; image++)
        {
            var single = OnnxTestModels.Run(
                originalSession, input.Name, batchData[(image * sampleSize)..((image + 1) * sampleSize)], [1, .. sampleShape]);
            Assert.Equal([1L, .. batchShape[1..]], single.Shape);
            OnnxTestModels.AssertClose(single.Values, batchValues.AsSpan(image * perImage, perImage), $"image {image}");
        }
    }
}
