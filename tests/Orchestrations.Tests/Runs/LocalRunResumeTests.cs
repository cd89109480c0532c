using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

public class LocalRunResumeTests
{
    private static readonly string Mnist = SharedData.Path("data", "mnist");
    private static readonly string Model = SharedData.Path("models", "mnist", "Convnet_maxpool.onnx");

    private static RunSpec SmallSpec(int limit = 300) =>
        RunHarness.Spec(Mnist, new DatasetOptions { Limit = limit }, itemSize: 100, Model);

    [Fact]
    public async Task Run_Twice_SecondRunComputesNothingAndReportsTheSameRows()
    {
        using var harness = new RunHarness();
        var first = await harness.RunAsync(SmallSpec());
        var second = await harness.RunAsync(SmallSpec());

        Assert.Equal(3, first.ComputedItems);
        Assert.Equal(0, second.ComputedItems);
        Assert.Equal(3, second.ResumedItems);
        Assert.Equal(first.Report.Rows, second.Report.Rows);
    }

    [Fact]
    public async Task Run_AfterLosingOneItemResult_RecomputesOnlyThatItem()
    {
        using var harness = new RunHarness();
        var first = await harness.RunAsync(SmallSpec());
        var itemFiles = Directory.GetFiles(Path.Combine(harness.OutDir, "items")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, itemFiles.Length);
        File.Delete(itemFiles[1]);

        var second = await harness.RunAsync(SmallSpec());

        Assert.Equal(1, second.ComputedItems);
        Assert.Equal(first.Report.Rows, second.Report.Rows);
        Assert.True(File.Exists(itemFiles[1]));
    }

    [Fact]
    public async Task Run_OverAnItemResultOfAnotherSchemaVersion_RefusesNamingTheFile()
    {
        using var harness = new RunHarness();
        await harness.RunAsync(SmallSpec());
        var itemFile = Directory.GetFiles(Path.Combine(harness.OutDir, "items")).Order(StringComparer.Ordinal).First();
        File.WriteAllText(itemFile, File.ReadAllText(itemFile).Replace("\"schemaVersion\": 1", "\"schemaVersion\": 9", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<CloudFreqException>(() => harness.RunAsync(SmallSpec()));

        Assert.Contains(Path.GetFileName(itemFile), error.Message);
        Assert.Contains("schema version 9", error.Message);
    }

    [Fact]
    public async Task Run_DifferentSpecInSameFolder_RefusesAndKeepsTheOldResults()
    {
        using var harness = new RunHarness();
        await harness.RunAsync(SmallSpec(300));

        var error = await Assert.ThrowsAsync<CloudFreqException>(() => harness.RunAsync(SmallSpec(200)));

        Assert.Contains("different spec", error.Message);
        Assert.Contains("run.json", error.Message);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(harness.OutDir, "items")).Length);
    }

    [Fact]
    public async Task Run_ItemSizeAndBatchSize_DoNotChangeTheCounts()
    {
        using var small = new RunHarness(new ExecutionSettings { Scoring = new() { BatchSize = 7 } });
        using var large = new RunHarness(new ExecutionSettings { Scoring = new() { BatchSize = 128 } });

        var a = await small.RunAsync(RunHarness.Spec(Mnist, new DatasetOptions { Limit = 500 }, itemSize: 90, Model));
        var b = await large.RunAsync(RunHarness.Spec(Mnist, new DatasetOptions { Limit = 500 }, itemSize: 500, Model));

        Assert.Equal(a.Report.Confusions.Single().Counts, b.Report.Confusions.Single().Counts, new JaggedEquality());
    }

    [Fact]
    public async Task Run_WritesTheThreeReportFiles()
    {
        using var harness = new RunHarness();
        await harness.RunAsync(SmallSpec(100));

        foreach (var name in new[] { "results.csv", "report.json", "report.html" })
        {
            Assert.True(new FileInfo(Path.Combine(harness.OutDir, name)).Length > 0, name);
        }

        var csv = File.ReadAllLines(Path.Combine(harness.OutDir, "results.csv"));
        Assert.Equal("dataset,model,analysis,condition,metric,value,n", csv[0]);
        Assert.Contains(csv, line => line.StartsWith("mnist,Convnet_maxpool,clean,,accuracy,", StringComparison.Ordinal));
    }

    private sealed class JaggedEquality : IEqualityComparer<IReadOnlyList<IReadOnlyList<long>>>
    {
        public bool Equals(IReadOnlyList<IReadOnlyList<long>>? x, IReadOnlyList<IReadOnlyList<long>>? y) =>
            x!.Count == y!.Count && x.Zip(y).All(p => p.First.SequenceEqual(p.Second));

        public int GetHashCode(IReadOnlyList<IReadOnlyList<long>> obj) => obj.Count;
    }
}
