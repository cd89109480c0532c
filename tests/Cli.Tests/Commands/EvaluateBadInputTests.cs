using CloudFreq.Core.Tests;

namespace CloudFreq.Cli.Tests.Commands;

/// <summary>Bad input gives exit code 1 and one message naming the file and the cause, never a stack trace.</summary>
public class EvaluateBadInputTests
{
    private static readonly string CifarModel = SharedData.Path("models", "cifar10", "resnet_2b.onnx");
    private static readonly string MnistModel = SharedData.Path("models", "mnist", "Convnet_maxpool.onnx");
    private static readonly string Mnist = SharedData.Path("data", "mnist");

    // A small ImageFolder copied from the shared CIFAR-10 JPEGs: 3 classes x 4 images.
    private static void MakeCifarFolder(string root)
    {
        foreach (var cls in new[] { "airplane", "automobile", "bird" })
        {
            Directory.CreateDirectory(Path.Combine(root, cls));
            for (var i = 0; i < 4; i++)
            {
                var name = $"{i:D4}.jpg";
                File.Copy(SharedData.Path("data", "cifar10-test", cls, name), Path.Combine(root, cls, name));
            }
        }
    }

    private static void AssertCleanFailure(CliRun run, params string[] expected)
    {
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.Contains(text, run.Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_MissingDataPath_NamesThePath()
    {
        using var temp = new TempFolder();
        var missing = temp.Combine("no-such-dataset");

        var run = await CliRun.InvokeAsync("evaluate", "--data", missing, "--model", MnistModel, "--out", temp.Combine("out"));

        AssertCleanFailure(run, missing);
    }

    [Fact]
    public async Task Evaluate_ModelThatIsNotOnnx_NamesTheFile()
    {
        using var temp = new TempFolder();
        var model = temp.Combine("broken.onnx");
        await File.WriteAllTextAsync(model, "this is not a protobuf");

        var run = await CliRun.InvokeAsync("evaluate", "--data", Mnist, "--model", model, "--out", temp.Combine("out"));

        AssertCleanFailure(run, "broken.onnx");
    }

    [Fact]
    public async Task Evaluate_ModelAndDataDisagree_SaysBothShapes()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync("evaluate", "--data", Mnist, "--model", CifarModel, "--out", temp.Combine("out"), "--limit", "10");

        AssertCleanFailure(run, "resnet_2b.onnx", "3x32x32", "1x28x28");
    }

    [Fact]
    public async Task Evaluate_CudaWithoutGpuBuild_FailsClearly()
    {
        if (Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            return; // a GPU build: the provider exists
        }

        using var temp = new TempFolder();
        var run = await CliRun.InvokeAsync("evaluate", "--data", Mnist, "--model", MnistModel, "--out", temp.Combine("out"), "--device", "cuda:0", "--limit", "10");

        AssertCleanFailure(run, "cuda:0", "CUDA execution provider");
    }

    [Fact]
    public async Task Evaluate_EmptyDataset_FailsNamingTheFolder()
    {
        using var temp = new TempFolder();
        var empty = temp.Combine("empty");
        Directory.CreateDirectory(Path.Combine(empty, "cat"));

        var run = await CliRun.InvokeAsync("evaluate", "--data", empty, "--model", CifarModel, "--out", temp.Combine("out"));

        AssertCleanFailure(run, empty);
    }

    [Fact]
    public async Task Evaluate_TruncatedImage_IsSkippedAndCountedUnlessStrict()
    {
        using var temp = new TempFolder();
        var data = temp.Combine("data");
        MakeCifarFolder(data);
        var victim = Path.Combine(data, "bird", "0002.jpg");
        var bytes = await File.ReadAllBytesAsync(victim);
        await File.WriteAllBytesAsync(victim, bytes[..(bytes.Length / 3)]);
        await File.WriteAllTextAsync(Path.Combine(data, "bird", "notes.txt"), "not an image");

        var lenient = await CliRun.InvokeAsync("evaluate", "--data", data, "--model", CifarModel, "--out", temp.Combine("out"));
        var strict = await CliRun.InvokeAsync("evaluate", "--data", data, "--model", CifarModel, "--out", temp.Combine("strict"), "--strict");

        Assert.Equal(0, lenient.ExitCode);
        Assert.Contains("1 non-image files ignored", lenient.Output, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(temp.Combine("out", "report.json"));
        Assert.Contains("bird/0002.jpg", report, StringComparison.Ordinal);
        var csv = await File.ReadAllLinesAsync(temp.Combine("out", "results.csv"));
        Assert.Contains(csv, l => l.StartsWith("data,resnet_2b,clean,,accuracy,", StringComparison.Ordinal) && l.EndsWith(",11", StringComparison.Ordinal));
        AssertCleanFailure(strict, "bird/0002.jpg", "--strict");
    }

    [Fact]
    public async Task Evaluate_UnknownSuite_ListsTheBuiltInOnes()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync("evaluate", "--data", Mnist, "--model", MnistModel, "--out", temp.Combine("out"), "--suite", "nonsense");

        AssertCleanFailure(run, "nonsense", "clean");
    }

    [Fact]
    public async Task Evaluate_MissingRequiredOption_IsAUsageError()
    {
        var run = await CliRun.InvokeAsync("evaluate", "--data", Mnist);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--model", run.Error, StringComparison.Ordinal);
    }
}
