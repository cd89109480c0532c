using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests.Models.Onnx;

namespace CloudFreq.Core.Tests.Scoring;

/// <summary>
/// An ONNX Runtime failure that repeats on the same inputs (an op rejecting the values) is a CloudFreqException
/// naming the model, so the cloud workflow reports the item after one attempt instead of retrying it.
/// </summary>
public sealed class OrtRunFailureTests
{
    [Fact]
    public void Score_ValuesAnOpRejects_IsAPermanentErrorNamingTheModel_AndTheClassifierStillWorks()
    {
        var card = new ModelCard
        {
            Name = "fails-on-bright",
            Layout = TensorLayout.Nchw,
            Mean = [0f],
            Std = [1f],
            Input = new ImageShape(1, 2, 2),
        };
        using var classifier = new OnnxClassifier(OnnxTestModels.CreateSession(TinyOnnxModels.FailsOnBrightImages()), card, 1, "fails-on-bright.onnx");
        var logits = new float[classifier.ClassCount];
        classifier.Score(new float[4], 1, logits);

        var error = Assert.Throws<CloudFreqException>(() => classifier.Score([0.5f, 0.5f, 0.5f, 0.5f], 1, logits));
        Assert.StartsWith("fails-on-bright.onnx: ONNX Runtime failed scoring a batch of 1:", error.Message);
        Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException);

        // Deterministic: the same black image still scores afterwards.
        classifier.Score(new float[4], 1, logits);
    }
}
