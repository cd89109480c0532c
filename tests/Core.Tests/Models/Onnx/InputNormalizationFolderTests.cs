using CloudFreq.Core.Models;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests.Attacks;

namespace CloudFreq.Core.Tests.Models.Onnx;

public sealed class InputNormalizationFolderTests
{
    [Theory]
    [MemberData(nameof(OnnxTestModels.AllSharedModels), MemberType = typeof(OnnxTestModels))]
    public void Fold_SharedModel_LogitsOnRawImagesEqualClassifierWithCpuPreprocessing(string relativePath)
    {
        var model = OnnxModelFile.Load(OnnxTestModels.Shared(relativePath));
        var card = SharedModelCards.For(relativePath);
        var folded = OnnxModelFile.FromBytes(InputNormalizationFolder.Fold(model, card), "folded");

        var input = Assert.Single(folded.Inputs);
        Assert.Equal(InputNormalizationFolder.ImageInputName, input.Name);
        Assert.Equal(model.Inputs[0].Shape[0], input.Shape[0]);
        Assert.Equal([card.Input.Channels, card.Input.Height, card.Input.Width], input.Shape.Skip(1).Select(d => d.Value!.Value));
        Assert.Equal(model.Outputs.Select(o => o.ToString()), folded.Outputs.Select(o => o.ToString()));

        var batch = input.Shape[0].IsFixed ? 1 : 3;
        var images = OnnxTestModels.RandomValues(batch * card.Input.Length, seed: 3);
        using var classifier = new OnnxClassifier(OnnxTestModels.CreateSession(model.Bytes), card, batch, relativePath);
        var expected = new float[batch * classifier.ClassCount];
        classifier.Score(images, batch, expected);
        using var session = OnnxTestModels.CreateSession(folded.Bytes);
        var (shape, logits) = OnnxTestModels.Run(
            session, InputNormalizationFolder.ImageInputName, images, [batch, card.Input.Channels, card.Input.Height, card.Input.Width]);

        Assert.Equal([batch, classifier.ClassCount], shape);
        OnnxTestModels.AssertClose(expected, logits, relativePath);
    }

    [Fact]
    public void Fold_Ir3ModelWithInitializersAsInputs_DeclaresNewConstantsAsInputsAndMatchesClassifier()
    {
        var model = OnnxModelFile.Load(OnnxTestModels.Fixture("initializers_as_inputs.onnx"));
        var card = new ModelCard { Name = "ir3", Mean = [0.25f, 0.5f], Std = [0.5f, 2f], Input = new(2, 5, 5) };

        var folded = OnnxModelFile.FromBytes(InputNormalizationFolder.Fold(model, card), "folded");

        Assert.Equal(3, folded.IrVersion);
        Assert.Equal(InputNormalizationFolder.ImageInputName, Assert.Single(folded.Inputs).Name);
        var images = OnnxTestModels.RandomValues(card.Input.Length, seed: 9);
        using var classifier = new OnnxClassifier(OnnxTestModels.CreateSession(model.Bytes), card, 1, "ir3");
        var expected = new float[classifier.ClassCount];
        classifier.Score(images, 1, expected);
        using var session = OnnxTestModels.CreateSession(folded.Bytes);
        var (_, logits) = OnnxTestModels.Run(session, InputNormalizationFolder.ImageInputName, images, [1, 2, 5, 5]);
        OnnxTestModels.AssertClose(expected, logits, "ir3");
    }

    [Fact]
    public void Fold_CardDisagreesWithInput_ThrowsNamingModelAndAxis()
    {
        var model = OnnxModelFile.Load(OnnxTestModels.Shared("cifar10/resnet_2b.onnx"));
        var card = SharedModelCards.For("cifar10/resnet_2b.onnx") with { Layout = TensorLayout.Nhwc };

        var error = Assert.Throws<CloudFreqException>(() => InputNormalizationFolder.Fold(model, card));

        Assert.Contains("resnet_2b.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nhwc", error.Message, StringComparison.Ordinal);
    }
}
