using System.Text.Json;
using CloudFreq.Core.Tests;

namespace CloudFreq.Cli.Tests.Commands;

/// <summary><c>cloudfreq shard</c>, and an evaluation of the shards against one of the folder they came from.</summary>
public sealed class ShardCommandTests
{
    [Fact]
    public async Task Evaluate_ShardedCopy_SameResultsCsvAsTheFolder_AndTheReportsMerge()
    {
        using var temp = new TempFolder();
        var plain = temp.Combine("plain", "cifar");
        var sharded = temp.Combine("sharded", "cifar");
        var source = SharedData.Path("data", "cifar10-test");
        foreach (var classDir in Directory.GetDirectories(source).Order(StringComparer.Ordinal))
        {
            var target = Directory.CreateDirectory(Path.Combine(plain, Path.GetFileName(classDir))).FullName;
            foreach (var file in Directory.GetFiles(classDir, "*.jpg").Order(StringComparer.Ordinal).Take(30))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        var shard = await CliRun.InvokeAsync(["shard", plain, "--out", sharded, "--shard-size", "1"]);
        Assert.True(shard.ExitCode == 0, shard.Error);
        // About 0.75 MB of tar without the version 1 id members: one 1 MB shard.
        Assert.Contains("wrote 300 images of 10 classes as 1 shard(s) and shards.json", shard.Output, StringComparison.Ordinal);

        var model = SharedData.Path("models", "cifar10", "cifar10_small.onnx");
        string[] Evaluate(string data, string output) =>
            ["evaluate", "--data", data, "--model", model, "--suite", "frequency", "--item-size", "100", "--out", output, "--no-progress", "--threads", "1"];
        var fromFolder = await CliRun.InvokeAsync(Evaluate(plain, temp.Combine("out-plain")));
        var fromShards = await CliRun.InvokeAsync(Evaluate(sharded, temp.Combine("out-sharded")));

        Assert.True(fromFolder.ExitCode == 0, fromFolder.Error);
        Assert.True(fromShards.ExitCode == 0, fromShards.Error);
        var expected = await File.ReadAllTextAsync(temp.Combine("out-plain", "results.csv"));
        Assert.True(expected.Split('\n').Length > 50);
        Assert.Equal(expected, await File.ReadAllTextAsync(temp.Combine("out-sharded", "results.csv")));
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("out-sharded", "report.json")));
        Assert.Equal("Shards", report.RootElement.GetProperty("datasets")[0].GetProperty("format").GetString());

        var merged = await CliRun.InvokeAsync(["report", temp.Combine("out-plain"), temp.Combine("out-sharded"), "--out", temp.Combine("merged")]);
        Assert.True(merged.ExitCode == 0, merged.Error);
    }

    [Fact]
    public async Task Shard_IdxDataset_IsAUserErrorSayingWhy()
    {
        using var temp = new TempFolder();

        var run = await CliRun.InvokeAsync(["shard", SharedData.Path("data", "mnist"), "--out", temp.Combine("out")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Idx datasets cannot be sharded", run.Error, StringComparison.Ordinal);
    }
}
