using CloudFreq.Core.Data;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>The noise sweep end to end on the sample Fashion-MNIST images and a sample model.</summary>
public sealed class NoiseSweepRunTests : IDisposable
{
    private static readonly string Data = Path.Combine(SharedData.RepositoryRoot, "samples", "fashion-mnist");
    private static readonly string Model = Path.Combine(SharedData.RepositoryRoot, "samples", "models", "fmnist_standard.onnx");
    private readonly string _suite = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_suite);

    [Fact]
    public async Task Noise_LevelZero_EqualsCleanAccuracyExactly_AndStrongNoiseHurts()
    {
        var rows = await RunAsync(
            """{"analyses": [{"name": "clean"}, {"name": "noise", "levels": {"gaussian": [0, 0.1, 0.6], "uniform": [0, 0.9], "salt-pepper": [0, 0.5]}}]}""",
            limit: 200);

        var clean = Single(rows, "clean", string.Empty, "accuracy");
        Assert.InRange(clean.Value!.Value, 0.7, 1);
        foreach (var family in new[] { "gaussian", "uniform", "salt-pepper" })
        {
            var zero = Single(rows, "noise", $"noise={family};level=0", "accuracy");
            Assert.Equal(clean.Value, zero.Value);
            Assert.Equal(clean.N, zero.N);
        }

        Assert.True(Single(rows, "noise", "noise=gaussian;level=0.6", "accuracy").Value < clean.Value - 0.3);
        Assert.True(Single(rows, "noise", "noise=salt-pepper;level=0.5", "accuracy").Value < clean.Value - 0.3);
        var half = Single(rows, "noise", "noise=gaussian", "level_half").Value;
        Assert.NotNull(half);
        Assert.InRange(half!.Value, 0, 0.6);
    }

    [Fact]
    public async Task Noise_BatchAndItemSizes_DoNotChangeTheRows()
    {
        const string Suite = """{"analyses": [{"name": "noise", "levels": {"gaussian": [0.05, 0.2], "uniform": [0.35], "salt-pepper": [0.1]}}]}""";

        var small = await RunAsync(Suite, limit: 150, batchSize: 7, itemSize: 40);
        var large = await RunAsync(Suite, limit: 150, batchSize: 128, itemSize: 1000);

        Assert.Equal(
            large.Select(r => (r.Condition, r.Metric, r.Value, r.N)),
            small.Select(r => (r.Condition, r.Metric, r.Value, r.N)));
    }

    private async Task<IReadOnlyList<ResultRow>> RunAsync(string suiteJson, int limit, int batchSize = 64, int itemSize = 1000)
    {
        await File.WriteAllTextAsync(_suite, suiteJson);
        using var harness = new RunHarness(new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = batchSize } });
        var spec = RunHarness.Spec(Data, new DatasetOptions { Limit = limit }, itemSize, Model) with { Suite = _suite };
        var outcome = await harness.RunAsync(spec);
        Assert.Empty(outcome.Report.Errors);
        return [.. outcome.Report.Rows.Where(r => r.Analysis != "study")];
    }

    private static ResultRow Single(IReadOnlyList<ResultRow> rows, string analysis, string condition, string metric) =>
        rows.Single(r => r.Analysis == analysis && r.Condition == condition && r.Metric == metric);
}
