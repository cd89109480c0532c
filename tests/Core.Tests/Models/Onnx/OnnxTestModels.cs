using Microsoft.ML.OnnxRuntime;

namespace CloudFreq.Core.Tests.Models.Onnx;

/// <summary>Paths of the shared models and local fixtures, and small ONNX Runtime helpers for the tests.</summary>
internal static class OnnxTestModels
{
    /// <summary>The shared models whose input has a fixed batch of 1.</summary>
    public static TheoryData<string> FixedBatchModels =>
        ["cifar10/resnet_2b.onnx", "cifar10/cifar_base_kw.onnx", "mnist/Convnet_maxpool.onnx", "mnist/mnist_relu_9_200.onnx"];

    /// <summary>The shared models exported with a symbolic batch.</summary>
    public static TheoryData<string> DynamicBatchModels => ["cifar10/cifar10_small.onnx", "cifar10/cifar10_medium.onnx"];

    public static TheoryData<string> AllSharedModels => [.. FixedBatchModels, .. DynamicBatchModels];

    public static string Shared(string relativePath) => SharedData.Path(["models", .. relativePath.Split('/')]);

    public static string Fixture(string fileName) =>
        Path.Combine(SharedData.RepositoryRoot, "tests", "Core.Tests", "Models", "Onnx", "fixtures", fileName);

    /// <summary>One thread per session: the test machine's cores are shared.</summary>
    public static InferenceSession CreateSession(byte[] modelBytes)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(modelBytes, options);
    }

    /// <summary>Runs a float32 model on one input; returns the first output's shape and values.</summary>
    public static (long[] Shape, float[] Values) Run(InferenceSession session, string inputName, float[] data, long[] shape)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [inputName], [input], [session.OutputNames[0]]);
        var output = outputs[0];
        return (output.GetTensorTypeAndShape().Shape, output.GetTensorDataAsSpan<float>().ToArray());
    }

    public static float[] RandomValues(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextSingle()).ToArray();
    }

    /// <summary>Asserts |actual - expected| &lt;= 1e-4 * max(1, |expected|) element by element.</summary>
    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-4 * Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
