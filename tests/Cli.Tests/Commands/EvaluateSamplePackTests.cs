using System.Text.Json;
using CloudFreq.Core.Tests;

namespace CloudFreq.Cli.Tests.Commands;

/// <summary>The README's first command: the sample pack evaluates from a fresh clone.</summary>
public class EvaluateSamplePackTests
{
    private static string Samples(params string[] parts) => Path.Combine([SharedData.RepositoryRoot, "samples", .. parts]);

    [Fact]
    public async Task Evaluate_SamplePack_ReproducesEveryCardsSampleAccuracy()
    {
        using var temp = new TempFolder();
        var models = Directory.GetFiles(Samples("models"), "*.onnx").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, models.Length);

        var run = await CliRun.InvokeAsync(["evaluate", "--data", Samples("fashion-mnist"), "--model", .. models, "--out", temp.Path]);

        Assert.True(run.ExitCode == 0, run.Error);
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("report.json"))).RootElement;
        Assert.Equal(1000, report.GetProperty("datasets")[0].GetProperty("images").GetInt32());
        var rows = report.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("metric").GetString() == "accuracy" && r.GetProperty("condition").GetString() == string.Empty)
            .ToDictionary(r => r.GetProperty("model").GetString()!, r => r.GetProperty("value").GetDouble());
        foreach (var model in models)
        {
            using var card = JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(model, ".json")));
            var expected = card.RootElement.GetProperty("expectedAccuracySample").GetDouble();
            var name = Path.GetFileNameWithoutExtension(model);
            Assert.True(Math.Abs(rows[name] - expected) <= 0.003, $"{name}: measured {rows[name]:F4}, card {expected:F4}");
        }

        // The cards' class names reach the report through the dataset's classes.txt.
        Assert.Contains("Ankle boot", await File.ReadAllTextAsync(temp.Combine("report.html")), StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_SameCommandTwice_ResumesWithoutRecomputing()
    {
        using var temp = new TempFolder();
        string[] args = ["evaluate", "--data", Samples("fashion-mnist"), "--model", Samples("models", "fmnist_standard.onnx"), "--out", temp.Path, "--item-size", "250"];

        var first = await CliRun.InvokeAsync(args);
        var second = await CliRun.InvokeAsync(args);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("4 items computed, 0 resumed", first.Output, StringComparison.Ordinal);
        Assert.Contains("0 items computed, 4 resumed", second.Output, StringComparison.Ordinal);
    }
}
