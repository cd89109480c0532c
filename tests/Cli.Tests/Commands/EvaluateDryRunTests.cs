using System.Text.Json;
using System.Text.RegularExpressions;
using CloudFreq.Core.Tests;

namespace CloudFreq.Cli.Tests.Commands;

/// <summary><c>cloudfreq evaluate --dry-run</c>: the plan's numbers as a table or JSON, nothing written, the run's own errors.</summary>
public class EvaluateDryRunTests
{
    // 50 images in items of 20: 3 items per analysis. Per image: clean 1 forward; corruptions 1 + 2 conditions;
    // the attack: the clean check, then fgsm at one budget, 1 gradient and 1 re-scoring (an upper bound: only correct images are attacked).
    private const string Suite = """
        { "analyses": [
          { "name": "clean" },
          { "name": "corruptions", "corruptions": ["contrast"], "severities": [1, 2] },
          { "name": "attack", "attacks": ["fgsm"], "linf": [0.1], "l2": [] } ] }
        """;

    private static readonly string Data = Path.Combine(SharedData.RepositoryRoot, "samples", "fashion-mnist");
    private static readonly string Model = Path.Combine(SharedData.RepositoryRoot, "samples", "models", "fmnist_standard.onnx");

    private static async Task<string> SuiteFileAsync(TempFolder temp)
    {
        var path = temp.Combine("suite.json");
        await File.WriteAllTextAsync(path, Suite);
        return path;
    }

    private static string[] Args(string suite, string outDir, params string[] more) =>
        ["evaluate", "--data", Data, "--model", Model, "--suite", suite, "--out", outDir, "--limit", "50", "--item-size", "20", "--calibration-seconds", "0.05", .. more];

    [Fact]
    public async Task Evaluate_DryRun_PrintsPassesPerAnalysisAndTotals_AndCreatesNoOutFolder()
    {
        using var temp = new TempFolder();
        var outDir = temp.Combine("out");

        var run = await CliRun.InvokeAsync(Args(await SuiteFileAsync(temp), outDir, "--dry-run"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(Directory.Exists(outDir));
        Assert.Contains("dry run: nothing is written to " + outDir, run.Output, StringComparison.Ordinal);
        // items, images, passes (forward + backward), transform time, model time, total.
        AssertRow(run.Output, @"dataset\s+model\s+analysis\s+items\s+images\s+passes\s+transform time\s+model time\s+total");
        AssertRow(run.Output, @"fashion-mnist\s+fmnist_standard\s+clean\s+3\s+50\s+50\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s");
        AssertRow(run.Output, @"fashion-mnist\s+fmnist_standard\s+corruptions\s+3\s+50\s+150\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s");
        AssertRow(run.Output, @"fashion-mnist\s+fmnist_standard\s+attack\s+3\s+50\s+<= 150\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s");
        AssertRow(run.Output, @"total\s+9\s+150\s+<= 350\s+[\d.]+ s\s+[\d.]+ s\s+[\d.]+ s");
        AssertRow(run.Output, @"fmnist_standard\s+64\s+[\d,.]+\s+[\d,.]+\s+[\d.]+ s\s+[\d.]+ %");
        AssertRow(run.Output, @"decode\s+1x28x28 \(fashion-mnist\)\s+[\d,.]+");
        AssertRow(run.Output, @"contrast \(severity 1,2\)\s+1x28x28\s+[\d,.]+");
        Assert.DoesNotContain("wall time on", run.Output, StringComparison.Ordinal);
        Assert.Contains("calibration on device cpu", run.Output, StringComparison.Ordinal);
        Assert.Contains("<=: an upper bound", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_DryRunOnWorkers_PrintsTheWallTimeOfWholeItemsSpreadOverThem()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync(Args(await SuiteFileAsync(temp), temp.Combine("out"), "--dry-run", "--workers", "3"));

        Assert.True(run.ExitCode == 0, run.Error);
        AssertRow(run.Output, @"wall time on 3 workers\s+[\d.]+ s");
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("2", false)]
    public async Task Evaluate_WorkersOfZeroOrWithoutDryRun_IsRefused(string workers, bool dryRun)
    {
        using var temp = new TempFolder();
        string[] args = ["evaluate", "--data", Data, "--model", Model, "--out", temp.Combine("out"), "--limit", "10", "--workers", workers];

        var run = await CliRun.InvokeAsync(dryRun ? [.. args, "--dry-run"] : args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--workers", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Fact]
    public async Task Evaluate_DryRunJson_PrintsThePlanAsJsonOnly()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync(Args(await SuiteFileAsync(temp), temp.Combine("out"), "--dry-run", "--json"));

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal("cpu", root.GetProperty("device").GetString());
        Assert.Equal(9, root.GetProperty("totalItems").GetInt32());
        Assert.Equal(300, root.GetProperty("passes").GetProperty("forward").GetInt64());
        Assert.Equal(50, root.GetProperty("passes").GetProperty("backward").GetInt64());
        var attack = root.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("analysis").GetString() == "attack");
        Assert.True(attack.GetProperty("upperBound").GetBoolean());
        var calibration = root.GetProperty("calibrations")[0];
        Assert.True(calibration.GetProperty("forwardImagesPerSecond").GetDouble() > 0);
        Assert.True(calibration.GetProperty("gradientImagesPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("totalSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("transformSeconds").GetDouble() > 0);
        Assert.Equal(root.GetProperty("totalSeconds").GetDouble(), root.GetProperty("wallSeconds").GetDouble(), 9); // one worker
        var corruptions = root.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("analysis").GetString() == "corruptions");
        Assert.Equal(
            ["contrast (severity 1,2)=100", "decode=50"],
            corruptions.GetProperty("transforms").EnumerateArray().Select(t => $"{t.GetProperty("name").GetString()}={t.GetProperty("count").GetInt64()}").Order(StringComparer.Ordinal));
        Assert.Contains(root.GetProperty("transformCalibrations").EnumerateArray(), c => c.GetProperty("family").GetString() == "decode");
        Assert.Contains("dry run", run.Error, StringComparison.Ordinal); // the console lines went to stderr
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    [Theory]
    [InlineData("nonsense-suite", null)]
    [InlineData("clean", "cifar")]
    public async Task Evaluate_DryRunOfABadSpec_FailsExactlyAsTheRun(string suite, string? model)
    {
        using var temp = new TempFolder();
        var modelPath = model is null ? Model : SharedData.Path("models", "cifar10", "resnet_2b.onnx");
        string[] args = ["evaluate", "--data", Data, "--model", modelPath, "--suite", suite, "--out", temp.Combine("out"), "--limit", "10"];

        var real = await CliRun.InvokeAsync(args);
        var dry = await CliRun.InvokeAsync([.. args, "--dry-run"]);

        Assert.Equal(1, real.ExitCode);
        Assert.Equal(real.ExitCode, dry.ExitCode);
        Assert.Equal(real.Error, dry.Error);
        Assert.StartsWith("error: ", dry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_JsonWithoutDryRun_IsRefusedBeforeAnythingRuns()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync("evaluate", "--data", Data, "--model", Model, "--out", temp.Combine("out"), "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--json", run.Error, StringComparison.Ordinal);
        Assert.Contains("--dry-run", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("out")));
    }

    private static void AssertRow(string output, string pattern) =>
        Assert.True(
            output.Split('\n').Any(line => Regex.IsMatch(line.TrimEnd(), "^" + pattern + "$")),
            $"no line matches /{pattern}/ in:\n{output}");
}
