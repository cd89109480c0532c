using CloudFreq.Core.Attacks;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests.Attacks;
using CloudFreq.Core.Tests.Models.Onnx;

namespace CloudFreq.Core.Tests.Scoring;

/// <summary>
/// Sessions are cached per worker, so one cancelled call must not break the calls after it
/// (RunOptions.Terminate, once set, used to fail every later run on the session).
/// </summary>
public sealed class OnnxCancellationTests
{
    private const string ModelPath = "cifar10/resnet_2b.onnx";

    [Fact]
    public void Score_AfterACancelledCall_SameClassifierGivesTheUncancelledLogits()
    {
        var card = SharedModelCards.For(ModelPath);
        var model = OnnxModelFile.Load(OnnxTestModels.Shared(ModelPath));
        using var classifier = new OnnxClassifier(OnnxTestModels.CreateSession(model.Bytes), card, 1, ModelPath);
        using var reference = new OnnxClassifier(OnnxTestModels.CreateSession(model.Bytes), card, 1, ModelPath);
        const int count = 2;
        var images = OnnxTestModels.RandomValues(count * card.Input.Length, seed: 11);
        var expected = new float[count * reference.ClassCount];
        reference.Score(images, count, expected);

        // A token cancelled before the call runs the Terminate callback at registration.
        Assert.ThrowsAny<OperationCanceledException>(
            () => classifier.Score(images, count, new float[expected.Length], new CancellationToken(canceled: true)));
        var logits = new float[expected.Length];
        classifier.Score(images, count, logits);

        Assert.Equal(expected, logits);
    }

    [Fact]
    public void LossGradient_AfterACancelledCall_SameModelGivesTheUncancelledGradient()
    {
        var card = SharedModelCards.For(ModelPath);
        var model = OnnxModelFile.Load(OnnxTestModels.Shared(ModelPath));
        using var attacked = OnnxGradientModel.Create(model, card, GradientModelFixture.Sessions, batchSize: 2);
        using var reference = OnnxGradientModel.Create(model, card, GradientModelFixture.Sessions, batchSize: 2);
        const int count = 2;
        var length = card.Input.Length;
        var images = OnnxTestModels.RandomValues(count * length, seed: 12);
        int[] labels = [3, 7];
        var expected = (Logits: new float[count * reference.ClassCount], Losses: new float[count], Gradients: new float[count * length]);
        reference.LossGradient(AttackLoss.CrossEntropy, images, labels, [], count, expected.Logits, expected.Losses, expected.Gradients);

        Assert.ThrowsAny<OperationCanceledException>(() => attacked.LossGradient(
            AttackLoss.CrossEntropy, images, labels, [], count, new float[expected.Logits.Length], new float[count], new float[count * length],
            new CancellationToken(canceled: true)));
        Assert.ThrowsAny<OperationCanceledException>(
            () => attacked.Score(images, count, new float[expected.Logits.Length], new CancellationToken(canceled: true)));
        var actual = (Logits: new float[expected.Logits.Length], Losses: new float[count], Gradients: new float[count * length]);
        attacked.LossGradient(AttackLoss.CrossEntropy, images, labels, [], count, actual.Logits, actual.Losses, actual.Gradients);
        var scored = new float[expected.Logits.Length];
        attacked.Score(images, count, scored);

        Assert.Equal(expected.Logits, actual.Logits);
        Assert.Equal(expected.Losses, actual.Losses);
        Assert.Equal(expected.Gradients, actual.Gradients);
        Assert.Equal(expected.Logits, scored);
    }

    [Fact]
    public void Constructor_ModelRejected_DisposesTheSessionItTookOwnershipOf()
    {
        var session = OnnxTestModels.CreateSession(TinyOnnxModels.TwoInputs());
        var card = new CloudFreq.Core.Models.ModelCard { Name = "two", Input = new(1, 2, 2), Mean = [0f], Std = [1f] };

        Assert.Throws<CloudFreqException>(() => new OnnxClassifier(session, card, 1, "two"));

        Assert.True(IsDisposed(session));
    }

    // ONNX Runtime exposes no IsDisposed; its private flag is what Dispose sets.
    private static bool IsDisposed(Microsoft.ML.OnnxRuntime.InferenceSession session) =>
        (bool)typeof(Microsoft.ML.OnnxRuntime.InferenceSession)
            .GetField("_disposed", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(session)!;
}
