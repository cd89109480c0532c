using CloudFreq.Core.Tests;

namespace CloudFreq.Cli.Tests.Commands;

/// <summary><c>cloudfreq report</c>: two runs evaluated apart merge into one report; runs whose numbers are not comparable are refused.</summary>
public class ReportCommandTests
{
    private static string Samples(params string[] parts) => Path.Combine([SharedData.RepositoryRoot, "samples", .. parts]);

    private static Task<CliRun> EvaluateAsync(string model, string outDir, int seed = 0) => CliRun.InvokeAsync(
        "evaluate", "--data", Samples("fashion-mnist"), "--model", Samples("models", model + ".onnx"), "--out", outDir,
        "--suite", "frequency", "--limit", "200", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string[] DataLines(string csv) => [.. File.ReadAllLines(csv).Skip(1)];

    [Fact]
    public async Task Report_TwoRunsOfOneModelEach_MergeIntoOneReportWithBothModels()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, (await EvaluateAsync("fmnist_standard", temp.Combine("a"))).ExitCode);
        Assert.Equal(0, (await EvaluateAsync("fmnist_blur", temp.Combine("b"))).ExitCode);

        var run = await CliRun.InvokeAsync("report", temp.Combine("a"), temp.Combine("b", "report.json"), "--out", temp.Combine("merged"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("merged 2 run(s): 2 model(s), 1 dataset(s)", run.Output, StringComparison.Ordinal);
        var merged = DataLines(temp.Combine("merged", "results.csv"));
        var separate = DataLines(temp.Combine("a", "results.csv")).Concat(DataLines(temp.Combine("b", "results.csv"))).ToList();

        // Every row of both runs is in the merged table unchanged; anything more is the cross-model study.
        Assert.Empty(separate.Except(merged));
        Assert.All(merged.Except(separate), line => Assert.Contains(",study,", line, StringComparison.Ordinal));
        Assert.Contains(merged, line => line.Contains(",fmnist_standard,", StringComparison.Ordinal));
        Assert.Contains(merged, line => line.Contains(",fmnist_blur,", StringComparison.Ordinal));
        var html = await File.ReadAllTextAsync(temp.Combine("merged", "report.html"));
        Assert.Contains("fmnist_blur", html, StringComparison.Ordinal);
        Assert.Contains("fmnist_standard", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_RunsWithDifferentSeeds_AreRefusedNamingTheSeed()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, (await EvaluateAsync("fmnist_standard", temp.Combine("a"), seed: 0)).ExitCode);
        Assert.Equal(0, (await EvaluateAsync("fmnist_blur", temp.Combine("b"), seed: 7)).ExitCode);

        var run = await CliRun.InvokeAsync("report", temp.Combine("a"), temp.Combine("b"), "--out", temp.Combine("merged"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("seed", run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(temp.Combine("merged", "results.csv")), "a refused merge writes nothing");
    }

    [Fact]
    public async Task Report_FolderWithoutReport_IsAnErrorNamingIt()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("empty"));

        var run = await CliRun.InvokeAsync("report", temp.Combine("empty"), "--out", temp.Combine("merged"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("empty", run.Error, StringComparison.Ordinal);
        Assert.Contains("report.json", run.Error, StringComparison.Ordinal);
    }
}
