using CloudFreq.Core.Data;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>The sweep and hybrid analyses end to end on MNIST, checked against what their limits must give.</summary>
public sealed class FrequencyAnalysesTests : IDisposable
{
    private static readonly string Mnist = SharedData.Path("data", "mnist");
    private static readonly string Model = SharedData.Path("models", "mnist", "Convnet_maxpool.onnx");
    private readonly string _suite = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_suite);

    private async Task<IReadOnlyList<ResultRow>> RunAsync(string suiteJson, int limit, int batchSize = 64, int itemSize = 1000)
    {
        await File.WriteAllTextAsync(_suite, suiteJson);
        using var harness = new RunHarness(new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = batchSize } });
        var spec = RunHarness.Spec(Mnist, new DatasetOptions { Limit = limit }, itemSize, Model) with { Suite = _suite };
        var outcome = await harness.RunAsync(spec);
        Assert.Empty(outcome.Report.Errors);
        return outcome.Report.Rows;
    }

    private static double Value(IReadOnlyList<ResultRow> rows, string analysis, string condition, string metric) =>
        rows.Single(r => r.Analysis == analysis && r.Condition == condition && r.Metric == metric).Value!.Value;

    [Fact]
    public async Task Sweep_LimitCutoffs_GiveCleanAccuracy()
    {
        var rows = await RunAsync("""{"analyses": [{"name": "frequency-sweep", "cutoffs": [0, 0.25, 1.5], "shapes": ["ideal"]}]}""", limit: 300);

        var clean = Value(rows, "frequency-sweep", string.Empty, "accuracy");
        // Low-pass above the corners (c > sqrt 2) keeps every bin; high-pass at 0 removes only DC, whose mean is added back.
        Assert.Equal(clean, Value(rows, "frequency-sweep", "filter=lowpass;shape=ideal;cutoff=1.5", "accuracy"), 3);
        Assert.Equal(clean, Value(rows, "frequency-sweep", "filter=highpass;shape=ideal;cutoff=0", "accuracy"), 3);
        Assert.True(Value(rows, "frequency-sweep", "filter=lowpass;shape=ideal;cutoff=0", "accuracy") < 0.3);
        Assert.Contains(rows, r => r.Metric == "cutoff_half" && r.Condition == "filter=lowpass;shape=ideal");
    }

    [Fact]
    public async Task Hybrid_AlphaAboveTheCorners_IsImageA_AndAlphaZeroFollowsB()
    {
        var rows = await RunAsync(
            """{"analyses": [{"name": "clean"}, {"name": "hybrid", "seeds": [0], "alphas": [0, 0.2, 1.5]}]}""",
            limit: 400);

        var clean = Value(rows, "clean", string.Empty, "accuracy");
        Assert.Equal(clean, Value(rows, "hybrid", "alpha=1.5;seed=0", "p_low"), 3);
        Assert.Equal(0, Value(rows, "hybrid", "alpha=1.5;seed=0", "p_high"), 3);
        Assert.True(Value(rows, "hybrid", "alpha=0;seed=0", "p_high") > 0.5);
        var fRev = rows.Single(r => r.Analysis == "hybrid" && r.Condition == "seed=0" && r.Metric == "f_rev").Value;
        Assert.NotNull(fRev);
        Assert.InRange(fRev!.Value, 0, 1.5);
    }

    [Fact]
    public async Task Hybrid_BatchAndItemSizes_DoNotChangeTheCounts()
    {
        const string Suite = """{"analyses": [{"name": "hybrid", "seeds": [0, 3], "alphas": [0, 0.1, 0.3]}]}""";

        var small = await RunAsync(Suite, limit: 300, batchSize: 7, itemSize: 70);
        var large = await RunAsync(Suite, limit: 300, batchSize: 128, itemSize: 1000);

        Assert.Equal(
            large.Where(r => r.Metric is "p_low" or "p_high").Select(r => (r.Condition, r.Metric, r.Value, r.N)),
            small.Where(r => r.Metric is "p_low" or "p_high").Select(r => (r.Condition, r.Metric, r.Value, r.N)));
    }

    [Fact]
    public async Task Hybrid_UnknownParameter_IsRejectedByName()
    {
        var error = await Assert.ThrowsAsync<CloudFreq.Core.CloudFreqException>(
            () => RunAsync("""{"analyses": [{"name": "hybrid", "seed": [0]}]}""", limit: 10));

        Assert.Contains("unknown field 'seed'", error.Message, StringComparison.Ordinal);
    }
}
