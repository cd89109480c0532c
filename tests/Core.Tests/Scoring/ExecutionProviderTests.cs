using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Tests.Scoring;

public class ExecutionProviderTests
{
    [Theory]
    [InlineData("cpu", ExecutionProviderKind.Cpu, 0)]
    [InlineData("CUDA", ExecutionProviderKind.Cuda, 0)]
    [InlineData("cuda:3", ExecutionProviderKind.Cuda, 3)]
    public void Parse_KnownNames_GivesProviderAndDevice(string text, ExecutionProviderKind kind, int device)
    {
        var provider = ExecutionProvider.Parse(text);
        Assert.Equal(kind, provider.Kind);
        Assert.Equal(device, provider.DeviceId);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    public void Parse_UnknownName_ThrowsNamingTheValue(string text)
    {
        var error = Assert.Throws<CloudFreqException>(() => ExecutionProvider.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void Create_CudaWithoutTheProvider_FailsClearlyInsteadOfFallingBack()
    {
        var available = Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders();
        if (available.Contains("CUDAExecutionProvider"))
        {
            return; // a GPU build: nothing to prove here
        }

        var factory = new SessionFactory(new ScoringOptions { Provider = ExecutionProvider.Parse("cuda:0") });
        var model = File.ReadAllBytes(SharedData.Path("models", "mnist", "Convnet_maxpool.onnx"));

        var error = Assert.Throws<CloudFreqException>(() => factory.Create(model, "Convnet_maxpool"));
        Assert.Contains("CUDA execution provider is not in this build", error.Message);
        Assert.Contains("OnnxRuntimeGpu", error.Message);
    }
}
