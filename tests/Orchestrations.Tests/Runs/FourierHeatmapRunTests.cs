using CloudFreq.Core.Data;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>The Fourier heat map end to end on MNIST through a local run, with a small window of frequencies.</summary>
public sealed class FourierHeatmapRunTests : IDisposable
{
    internal const string SmallSuite = """{"analyses": [{"name": "clean"}, {"name": "fourier-heatmap", "window": 5, "block_size": 4, "v": 6}]}""";

    private static readonly string Mnist = SharedData.Path("data", "mnist");
    private static readonly string Model = SharedData.Path("models", "mnist", "Convnet_maxpool.onnx");
    private readonly string _suite = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_suite);

    private async Task<RunOutcome> RunAsync(int limit, int batchSize, int itemSize)
    {
        await File.WriteAllTextAsync(_suite, SmallSuite);
        using var harness = new RunHarness(new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = batchSize } });
        var spec = RunHarness.Spec(Mnist, new DatasetOptions { Limit = limit }, itemSize, Model) with { Suite = _suite };
        var outcome = await harness.RunAsync(spec);
        Assert.Empty(outcome.Report.Errors);
        return outcome;
    }

    [Fact]
    public async Task LocalRun_WritesAPointSymmetricMapOfTheWindow_AndItsFigure()
    {
        var outcome = await RunAsync(limit: 40, batchSize: 16, itemSize: 25);
        var rows = outcome.Report.Rows.Where(r => r.Analysis == "fourier-heatmap").ToList();

        // 28 px: the 5 x 5 window around DC, 13 distinct basis images in 4 blocks, 40 images in 2 ranges each.
        var cells = rows.Where(r => r.Metric == "error_rate" && r.Condition.StartsWith("fy=", StringComparison.Ordinal))
            .ToDictionary(r => r.Condition, r => r);
        Assert.Equal(25, cells.Count);
        Assert.All(cells.Values, r => Assert.Equal(40, r.N));
        var fractions = new[] { -2, -1, 0, 1, 2 }.Select(k => 2.0 * k / 28).ToArray();
        foreach (var fy in fractions)
        {
            foreach (var fx in fractions)
            {
                var cell = cells[ResultCondition.Format(("fy", fy), ("fx", fx))];
                var mirror = cells[ResultCondition.Format(("fy", fy == 0 ? 0.0 : -fy), ("fx", fx == 0 ? 0.0 : -fx))];
                Assert.Equal(cell.Value, mirror.Value);
            }
        }

        var clean = rows.Single(r => r.Condition.Length == 0 && r.Metric == "accuracy");
        Assert.Equal(40, clean.N);
        Assert.Equal(
            outcome.Report.Rows.Single(r => r.Analysis == "clean" && r.Condition.Length == 0 && r.Metric == "accuracy").Value,
            clean.Value);
        Assert.Equal(6, rows.Single(r => r.Metric == "perturbation_l2").Value);
        Assert.Contains(rows, r => r.Condition == "band=low" && r.Metric == "error_rate");
        Assert.Contains(cells.Values, r => r.Value > 1 - clean.Value);

        var figures = new ReportFigureBuilder().Build(outcome.Report);
        Assert.Contains(figures, f => f.Id == "fourier-heatmap-mnist-convnet-maxpool" && f.Section == "fourier-heatmap");
    }

    [Fact]
    public async Task LocalRun_BatchAndItemSizes_DoNotChangeTheMap()
    {
        var small = await RunAsync(limit: 30, batchSize: 7, itemSize: 11);
        var large = await RunAsync(limit: 30, batchSize: 64, itemSize: 1000);

        static IEnumerable<(string, string, double?, long)> Map(RunOutcome outcome) =>
            outcome.Report.Rows.Where(r => r.Analysis == "fourier-heatmap").Select(r => (r.Condition, r.Metric, r.Value, r.N));

        Assert.Equal(Map(large), Map(small));
        Assert.Equal(30, Map(small).First(r => r.Item2 == "error_rate").Item4);
    }
}
