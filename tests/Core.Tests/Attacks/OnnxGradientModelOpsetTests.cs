using CloudFreq.Core.Attacks;
using CloudFreq.Core.Gradients;
using CloudFreq.Core.Models;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests.Models.Onnx;
using static CloudFreq.Core.Tests.Models.Onnx.TinyOnnxModels;

namespace CloudFreq.Core.Tests.Attacks;

/// <summary>
/// The loss heads at the opsets where their ops change form (TopK k input from 10, ReduceSum and
/// Unsqueeze axes inputs from 13, ReduceMax axes input from 18), on a small MLP built in code.
/// </summary>
public sealed class OnnxGradientModelOpsetTests
{
    public static TheoryData<long, AttackLoss> OpsetsAndLosses()
    {
        var data = new TheoryData<long, AttackLoss>();
        foreach (var opset in new long[] { 9, 11, 13, 18 })
        {
            foreach (var loss in Enum.GetValues<AttackLoss>())
            {
                data.Add(opset, loss);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OpsetsAndLosses))]
    public void LossGradient_TinyMlp_LossMatchesReferenceAndGradientMatchesCentralDifferences(long opset, AttackLoss loss)
    {
        using var model = Create(opset, classes: 6);

        var errors = LossGradientCheck.RelativeErrors(model, loss, seed: (int)opset);
        Assert.True(errors.Count >= 2, $"only {errors.Count} points away from kinks");
        Assert.All(errors, error => Assert.True(error < 1e-2, $"relative error {error:E2}"));

        var images = OnnxTestModels.RandomValues(3 * model.InputShape.Length, seed: 1);
        int[] labels = [0, 3, 5];
        int[] targets = [2, 1, 4];
        var logits = new float[3 * 6];
        var losses = new float[3];
        model.LossGradient(loss, images, labels, targets, 3, logits, losses, new float[images.Length]);
        for (var i = 0; i < 3; i++)
        {
            var expected = ReferenceLosses.Loss(loss, logits.AsSpan(i * 6, 6), labels[i], targets[i]);
            Assert.True(Math.Abs(losses[i] - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"image {i}: {losses[i]} vs {expected}");
        }
    }

    [Fact]
    public void Build_TargetedDlrOnThreeClasses_ThrowsNamingModelAndLoss()
    {
        var file = OnnxModelFile.FromBytes(Mlp(13, classes: 3), "tiny_mlp");

        var error = Assert.Throws<CloudFreqException>(
            () => GradientGraphBuilder.Build(file, new GradientGraphOptions { Loss = AttackLoss.TargetedDlr }));

        Assert.Contains("tiny_mlp", error.Message, StringComparison.Ordinal);
        Assert.Contains("TargetedDlr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LossGraph_DeclaresLabelsTargetsAndLossWithTheImageBatch()
    {
        var file = OnnxModelFile.FromBytes(Mlp(13, classes: 4), "tiny_mlp");

        var graph = OnnxModelFile.FromBytes(
            GradientGraphBuilder.Build(file, new GradientGraphOptions { Loss = AttackLoss.TargetedMargin }), "graph");

        Assert.Equal(
            ["x: float32 [\"N\", 1, 3, 3]", "cloudfreq_labels: int64 [\"N\"]", "cloudfreq_targets: int64 [\"N\"]"],
            graph.Inputs.Select(i => i.ToString()));
        Assert.Equal(["y", "cloudfreq_loss", "cloudfreq_input_grad"], graph.Outputs.Select(o => o.Name));
    }

    private static OnnxGradientModel Create(long opset, int classes)
    {
        var file = OnnxModelFile.FromBytes(Mlp(opset, classes), $"tiny_mlp_opset{opset}");
        var card = new ModelCard { Name = "tiny", Mean = [0.5f], Std = [0.25f], Input = new(1, 3, 3) };
        return OnnxGradientModel.Create(file, card, GradientModelFixture.Sessions, batchSize: 8);
    }

    /// <summary>x [N, 1, 3, 3] -> Flatten -> Gemm (9 -> 8) -> Relu -> Gemm (8 -> classes).</summary>
    private static byte[] Mlp(long opset, int classes)
    {
        var random = new Random(17);
        TensorProto Weights(string name, params long[] dims)
        {
            var tensor = new TensorProto { Name = name, DataType = OnnxElementTypes.Float };
            tensor.Dims.AddRange(dims);
            tensor.FloatData.AddRange(Enumerable.Range(0, (int)dims.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)(random.NextDouble() - 0.5)));
            return tensor;
        }

        var input = Tensor("x", 1, 1, 3, 3);
        input.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
        var output = Tensor("y", 1, classes);
        output.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
        NodeProto[] nodes =
        [
            Node("Flatten", "flatten", ["x"], ["flat"], IntAttribute("axis", 1)),
            Node("Gemm", "gemm1", ["flat", "w1", "b1"], ["h"], IntAttribute("transB", 1)),
            Node("Relu", "relu", ["h"], ["r"]),
            Node("Gemm", "gemm2", ["r", "w2", "b2"], ["y"], IntAttribute("transB", 1)),
        ];
        var graph = Graph("tiny_mlp", nodes, [input], [output],
            Weights("w1", 8, 9), Weights("b1", 8), Weights("w2", classes, 8), Weights("b2", classes));
        return Model(opset, graph);
    }
}
