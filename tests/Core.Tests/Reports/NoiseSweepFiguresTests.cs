using CloudFreq.Core.Reports;
using static CloudFreq.Core.Tests.Reports.FigureChecks;

namespace CloudFreq.Core.Tests.Reports;

/// <summary>The noise analysis's figures: accuracy against the level per family, one line per model, level_half marked.</summary>
public sealed class NoiseSweepFiguresTests
{
    private readonly ReportFigureBuilder _builder = new();

    private static List<ResultRow> NoiseRows()
    {
        var rows = new List<ResultRow>();
        foreach (var (model, slope, half) in new[] { ("resnet", 2.0, (double?)0.2), ("robust", 0.5, null) })
        {
            foreach (var sigma in new[] { 0, 0.1, 0.2, 0.3 })
            {
                rows.Add(new("cifar10", model, "noise", ResultCondition.Format(("noise", "gaussian"), ("level", sigma)), "accuracy", 0.9 - (slope * sigma), 100));
            }

            rows.Add(new("cifar10", model, "noise", "noise=gaussian", "level_half", half, 100));
            rows.Add(new("cifar10", model, "noise", "noise=salt-pepper;level=0", "accuracy", 0.9, 100));
            rows.Add(new("cifar10", model, "noise", "noise=salt-pepper;level=0.5", "accuracy", 0.2, 100));
            rows.Add(new("cifar10", model, "noise", "noise=salt-pepper", "level_half", 0.3, 100));
        }

        return rows;
    }

    [Fact]
    public void Build_OneFigurePerFamily_TablesCarryAccuraciesAndLevelHalf()
    {
        var figures = _builder.Build(FigureSamples.Report([.. ReportSamples.Rows(), .. NoiseRows()]))
            .Where(figure => figure.Section == ReportFigureBuilder.NoiseAnalysis).ToList();

        Assert.Equal(["noise-cifar10-gaussian", "noise-cifar10-salt-pepper"], figures.Select(f => f.Id));
        var gaussian = Figure(figures, "noise-cifar10-gaussian");
        using var bitmap = Decode(gaussian);
        Assert.True(CountPixels(bitmap, Blue) > 50, "the first model's line is drawn in the first series colour");
        Assert.Contains("accuracy vs sigma", gaussian.Title, StringComparison.Ordinal);
        var table = gaussian.Table!;
        Assert.Equal(["Model", "sigma 0", "sigma 0.1", "sigma 0.2", "sigma 0.3", "level_half"], table.Columns);
        Assert.Equal(["resnet", "0.9", "0.7", "0.5", Exact(0.9 - (2.0 * 0.3)), "0.2"], table.Rows[0]);

        // An empty level_half (never reached) is "none", as every undefined value of the report.
        Assert.Equal("none", table.Rows[1][^1]);
        Assert.Contains("robust: accuracy 0.9 at 0", gaussian.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_NoiseFigures_InTheirOwnSection()
    {
        var report = _builder.WithFigures(FigureSamples.Report([.. ReportSamples.Rows(), .. NoiseRows()]));

        var html = new ReportHtmlWriter().WriteToString(report);

        Assert.Contains("<h2 id=\"figures-noise-heading\">Additive noise</h2>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"figure-noise-cifar10-gaussian\"", html, StringComparison.Ordinal);
    }
}
