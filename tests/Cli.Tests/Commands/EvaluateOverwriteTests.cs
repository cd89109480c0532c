using CloudFreq.Core.Tests;

namespace CloudFreq.Cli.Tests.Commands;

public class EvaluateOverwriteTests
{
    private static readonly string Samples = Path.Combine(SharedData.RepositoryRoot, "samples");

    [Fact]
    public async Task Evaluate_DifferentSpecWithOverwrite_ReplacesTheRunAndKeepsForeignFiles()
    {
        using var temp = new TempFolder();
        string[] Args(string limit) =>
            ["evaluate", "--data", Path.Combine(Samples, "fashion-mnist"), "--model", Path.Combine(Samples, "models", "fmnist_standard.onnx"), "--out", temp.Path, "--limit", limit];
        await File.WriteAllTextAsync(temp.Combine("my-notes.txt"), "not CloudFreq's");

        var first = await CliRun.InvokeAsync(Args("100"));
        var refused = await CliRun.InvokeAsync(Args("50"));
        var replaced = await CliRun.InvokeAsync([.. Args("50"), "--overwrite"]);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--overwrite", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, replaced.ExitCode);
        Assert.Contains("1 items computed, 0 resumed", replaced.Output, StringComparison.Ordinal);
        Assert.EndsWith(",50", (await File.ReadAllLinesAsync(temp.Combine("results.csv"))).First(l => l.Contains(",clean,,accuracy,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("my-notes.txt")));
    }
}
