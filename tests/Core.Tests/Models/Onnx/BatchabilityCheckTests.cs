using CloudFreq.Core.Models.Onnx;

namespace CloudFreq.Core.Tests.Models.Onnx;

public sealed class BatchabilityCheckTests
{
    [Theory]
    [MemberData(nameof(OnnxTestModels.FixedBatchModels), MemberType = typeof(OnnxTestModels))]
    public void Decide_FixedBatchSharedModel_RewrittenAndBatched(string model)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));

        var decision = BatchabilityCheck.Decide(file, OnnxTestModels.CreateSession);

        Assert.Equal(BatchingMode.Rewritten, decision.Mode);
        Assert.True(decision.IsBatched);
        Assert.Equal(decision.Rewrite!.ModelBytes, decision.ModelBytes);
        Assert.StartsWith("batched: fixed batch dimension 1 of input", decision.Description, StringComparison.Ordinal);
        Assert.EndsWith("(checked with a batch of 3)", decision.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OnnxTestModels.DynamicBatchModels), MemberType = typeof(OnnxTestModels))]
    public void Decide_SymbolicBatchSharedModel_NativeDynamicWithOriginalBytes(string model)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));

        var decision = BatchabilityCheck.Decide(file, OnnxTestModels.CreateSession);

        Assert.Equal(BatchingMode.NativeDynamic, decision.Mode);
        Assert.Same(file.Bytes, decision.ModelBytes);
        Assert.StartsWith("batched: the model's batch dimension is already variable", decision.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_HardcodedReshapes_DescriptionCountsAdjustedNodes()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("reshape_hardcoded_batch.onnx"));

        var decision = BatchabilityCheck.Decide(file, OnnxTestModels.CreateSession, new BatchabilityCheckOptions { BatchSize = 4 });

        Assert.Equal(BatchingMode.Rewritten, decision.Mode);
        Assert.Equal(
            "batched: fixed batch dimension 1 of input 'x' rewritten to symbolic 'batch' (3 Reshape, 1 Flatten nodes adjusted; "
            + "5 stale value_info shapes dropped) (checked with a batch of 4)",
            decision.Description);
    }

    [Fact]
    public void Decide_ConcatOfBatchOneConstant_SingleImageWithReason()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("concat_constant_token.onnx"));

        var decision = BatchabilityCheck.Decide(file, OnnxTestModels.CreateSession);

        Assert.Equal(BatchingMode.SingleImage, decision.Mode);
        Assert.Same(file.Bytes, decision.ModelBytes);
        Assert.StartsWith("single-image runs: cannot rewrite the batch dimension: Concat 'concat_token'", decision.Description,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BatchStatisticsModel_SingleImageBecauseImagesAffectEachOther()
    {
        // Shapes allow a batch (the rewriter succeeds), but the ReduceMean over axis 0 mixes the images.
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("batch_statistics.onnx"));
        Assert.Equal(BatchRewriteOutcome.Rewritten, BatchDimensionRewriter.Rewrite(file).Outcome);

        var decision = BatchabilityCheck.Decide(file, OnnxTestModels.CreateSession);

        Assert.Equal(BatchingMode.SingleImage, decision.Mode);
        Assert.Same(file.Bytes, decision.ModelBytes);
        Assert.StartsWith("single-image runs: image 0 of a batch of 3 gives output 'y'", decision.Description, StringComparison.Ordinal);
        Assert.EndsWith("the images in a batch affect each other", decision.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SymbolicImageSizeWithoutSampleShape_SingleImageAskingForSize()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("symbolic_spatial.onnx"));

        var decision = BatchabilityCheck.Decide(file, OnnxTestModels.CreateSession);

        Assert.Equal(BatchingMode.SingleImage, decision.Mode);
        Assert.Contains("variable dim 2 (\"H\")", decision.Description, StringComparison.Ordinal);
        Assert.Contains("sample shape", decision.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SymbolicImageSizeWithSampleShape_NativeDynamic()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("symbolic_spatial.onnx"));

        var decision = BatchabilityCheck.Decide(
            file, OnnxTestModels.CreateSession, new BatchabilityCheckOptions { SampleShape = [3, 8, 8] });

        Assert.Equal(BatchingMode.NativeDynamic, decision.Mode);
    }

    [Fact]
    public void Decide_SampleShapeContradictingModel_SingleImageWithReason()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("symbolic_spatial.onnx"));

        var decision = BatchabilityCheck.Decide(
            file, OnnxTestModels.CreateSession, new BatchabilityCheckOptions { SampleShape = [1, 8, 8] });

        Assert.Equal(BatchingMode.SingleImage, decision.Mode);
        Assert.Contains("contradicts input 'x'", decision.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void FindBatchMismatch_OriginalFixedBatchModelAsCandidate_ReportsOnnxRuntimeFailure()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared("mnist/Convnet_maxpool.onnx"));

        var mismatch = BatchabilityCheck.FindBatchMismatch(
            file, file.Bytes, OnnxTestModels.CreateSession, new BatchabilityCheckOptions());

        Assert.NotNull(mismatch);
        Assert.StartsWith("a batch of 3 failed in ONNX Runtime", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void FindBatchMismatch_RewrittenSharedModel_Null()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared("cifar10/resnet_2b.onnx"));
        var rewritten = BatchDimensionRewriter.Rewrite(file).ModelBytes!;

        var mismatch = BatchabilityCheck.FindBatchMismatch(
            file, rewritten, OnnxTestModels.CreateSession, new BatchabilityCheckOptions { BatchSize = 5, Seed = 3 });

        Assert.Null(mismatch);
    }

    [Fact]
    public void Decide_OriginalModelThatCannotRun_ThrowsNamingModel()
    {
        var file = OnnxModelFile.FromBytes(TinyOnnxModels.UnknownOperator(), "unknown-op.onnx");

        var error = Assert.Throws<CloudFreqException>(() => BatchabilityCheck.Decide(file, OnnxTestModels.CreateSession));

        Assert.Contains("unknown-op.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not run", error.Message, StringComparison.Ordinal);
    }
}
