using CloudFreq.Core.Attacks;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests.Models.Onnx;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Attacks;

public sealed class OnnxGradientModelSharedTests(GradientModelFixture fixture, ITestOutputHelper output)
    : IClassFixture<GradientModelFixture>
{
    public static TheoryData<string, AttackLoss> ModelsAndLosses()
    {
        var data = new TheoryData<string, AttackLoss>();
        foreach (var model in new[] { "cifar10/cifar10_small.onnx", "mnist/Convnet_maxpool.onnx" })
        {
            foreach (var loss in Enum.GetValues<AttackLoss>())
            {
                data.Add(model, loss);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndLosses))]
    public void LossGradient_SharedModel_LossEqualsReferenceAndLogitsEqualScore(string relativePath, AttackLoss loss)
    {
        var model = fixture.Get(relativePath);
        const int count = 4;
        var (images, labels, targets) = Batch(model, count, seed: 1);
        var logits = new float[count * model.ClassCount];
        var losses = new float[count];
        var gradients = new float[count * model.InputShape.Length];

        model.LossGradient(loss, images, labels, targets, count, logits, losses, gradients);

        var scored = new float[logits.Length];
        model.Score(images, count, scored);
        OnnxTestModels.AssertClose(scored, logits, "logits");
        for (var i = 0; i < count; i++)
        {
            var expected = ReferenceLosses.Loss(loss, logits.AsSpan(i * model.ClassCount, model.ClassCount), labels[i], targets[i]);
            Assert.True(
                Math.Abs(losses[i] - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)),
                $"image {i}: loss {losses[i]}, float64 reference {expected}");
        }

        Assert.Contains(gradients, g => g != 0f);
    }

    [Theory]
    [MemberData(nameof(ModelsAndLosses))]
    public void LossGradient_SharedModel_DirectionalDerivativesMatchCentralDifferences(string relativePath, AttackLoss loss)
    {
        var errors = LossGradientCheck.RelativeErrors(fixture.Get(relativePath), loss, seed: 7, log: output.WriteLine);

        output.WriteLine($"{relativePath} {loss}: relative errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
        Assert.True(errors.Count >= 2, $"only {errors.Count} points away from kinks");
        Assert.All(errors, error => Assert.True(error < 1e-2, $"relative error {error:E2}"));
    }

    [Theory]
    [MemberData(nameof(ModelsAndLosses))]
    public void LossGradient_BatchOfFour_EachRowEqualsThatImageAlone(string relativePath, AttackLoss loss)
    {
        var model = fixture.Get(relativePath);
        const int count = 4;
        var length = model.InputShape.Length;
        var classes = model.ClassCount;
        var (images, labels, targets) = Batch(model, count, seed: 2);
        var logits = new float[count * classes];
        var losses = new float[count];
        var gradients = new float[count * length];
        model.LossGradient(loss, images, labels, targets, count, logits, losses, gradients);

        for (var i = 0; i < count; i++)
        {
            var oneLogits = new float[classes];
            var oneLoss = new float[1];
            var oneGradient = new float[length];
            model.LossGradient(loss, images.AsSpan(i * length, length), labels.AsSpan(i, 1), targets.AsSpan(i, 1), 1,
                oneLogits, oneLoss, oneGradient);
            OnnxTestModels.AssertClose(oneLogits, logits.AsSpan(i * classes, classes), $"logits of image {i}");
            OnnxTestModels.AssertClose(oneLoss, losses.AsSpan(i, 1), $"loss of image {i}");
            AssertGradientClose(oneGradient, gradients.AsSpan(i * length, length), $"gradient of image {i}");
        }
    }

    [Theory]
    [InlineData(AttackLoss.CrossEntropy)]
    [InlineData(AttackLoss.TargetedDlr)]
    public void LossGradient_NormalizingCardAndRewrittenBatch_DirectionalDerivativesMatch(AttackLoss loss)
    {
        // resnet_2b: mean/std card, fixed batch 1 rewritten to take batches.
        var model = fixture.Get("cifar10/resnet_2b.onnx");
        Assert.Equal(GradientModelFixture.Batch, model.BatchSize);

        // Its many ReLUs put a kink within h of most random points: try more of them.
        var errors = LossGradientCheck.RelativeErrors(model, loss, seed: 3, attempts: 100, log: output.WriteLine);

        Assert.True(errors.Count >= 2, $"only {errors.Count} points away from kinks");
        Assert.All(errors, error => Assert.True(error < 1e-2, $"relative error {error:E2}"));
    }

    [Fact]
    public void Create_FixedBatchOfOneWithBatchSizeOne_RunsImageByImageLikeTheBatchedModel()
    {
        const string path = "mnist/Convnet_maxpool.onnx";
        using var single = OnnxGradientModel.Create(
            OnnxModelFile.Load(OnnxTestModels.Shared(path)), SharedModelCards.For(path), GradientModelFixture.Sessions, batchSize: 1);
        var batched = fixture.Get(path);
        Assert.Equal(1, single.BatchSize);
        const int count = 3;
        var (images, labels, targets) = Batch(batched, count, seed: 4);
        var length = batched.InputShape.Length;

        var expected = (Logits: new float[count * 10], Losses: new float[count], Gradients: new float[count * length]);
        batched.LossGradient(AttackLoss.Dlr, images, labels, targets, count, expected.Logits, expected.Losses, expected.Gradients);
        var actual = (Logits: new float[count * 10], Losses: new float[count], Gradients: new float[count * length]);
        single.LossGradient(AttackLoss.Dlr, images, labels, targets, count, actual.Logits, actual.Losses, actual.Gradients);

        OnnxTestModels.AssertClose(expected.Logits, actual.Logits, "logits");
        OnnxTestModels.AssertClose(expected.Losses, actual.Losses, "losses");
        AssertGradientClose(expected.Gradients, actual.Gradients, "gradients");
    }

    [Fact]
    public void LossGradient_LabelOutsideClasses_Throws()
    {
        var model = fixture.Get("mnist/Convnet_maxpool.onnx");
        var length = model.InputShape.Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => model.LossGradient(
            AttackLoss.CrossEntropy, new float[length], [10], [], 1, new float[10], new float[1], new float[length]));
    }

    [Fact]
    public void Create_BlurDefense_DirectionalDerivativesMatch()
    {
        const string path = "cifar10/cifar10_small.onnx";
        using var model = OnnxGradientModel.Create(
            OnnxModelFile.Load(OnnxTestModels.Shared(path)), SharedModelCards.For(path), GradientModelFixture.Sessions, 8, blurSigma: 1.0);

        var errors = LossGradientCheck.RelativeErrors(model, AttackLoss.CrossEntropy, seed: 5, log: output.WriteLine);

        Assert.True(errors.Count >= 2, $"only {errors.Count} points away from kinks");
        Assert.All(errors, error => Assert.True(error < 1e-2, $"relative error {error:E2}"));
    }

    private static (float[] Images, int[] Labels, int[] Targets) Batch(IClassifier model, int count, int seed)
    {
        var random = new Random(seed);
        var images = LossGradientCheck.Values(random, count * model.InputShape.Length, 0, 1);
        var labels = Enumerable.Range(0, count).Select(_ => random.Next(model.ClassCount)).ToArray();
        var targets = labels.Select(y => (y + 1 + random.Next(model.ClassCount - 1)) % model.ClassCount).ToArray();
        return (images, labels, targets);
    }

    /// <summary>Gradients: close relative to the largest entry (batched kernels sum in another order).</summary>
    private static void AssertGradientClose(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(expected.Max(Math.Abs), 1e-12f);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-4 * scale, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
