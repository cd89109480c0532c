using CloudFreq.Core.Reports;
using static CloudFreq.Core.Tests.Reports.FigureChecks;

namespace CloudFreq.Core.Tests.Reports;

public sealed class FourierHeatmapFiguresTests
{
    private static readonly double[] Frequencies = [-1, -0.5, 0, 0.5];

    private readonly ReportFigureBuilder _builder = new();

    /// <summary>
    /// Fourier heat map rows on a 4 x 4 grid: resnet errs only at the highest frequencies (|fx| = 1, all yellow), robust
    /// errs nowhere except one missing cell; with the clean, perturbation and band rows the analysis writes.
    /// </summary>
    private static List<ResultRow> HeatmapRows()
    {
        var rows = new List<ResultRow>();
        foreach (var model in new[] { "resnet", "robust" })
        {
            rows.Add(new("cifar10", model, "fourier-heatmap", "", "accuracy", 0.9, 100));
            rows.Add(new("cifar10", model, "fourier-heatmap", "", "perturbation_l2", 4, 100));
            foreach (var fy in Frequencies)
            {
                foreach (var fx in Frequencies)
                {
                    if (model == "robust" && fy == 0.5 && fx == 0.5)
                    {
                        continue;
                    }

                    var error = model == "resnet" && fx == -1 ? 1.0 : 0.0;
                    rows.Add(new("cifar10", model, "fourier-heatmap", ResultCondition.Format(("fy", fy), ("fx", fx)), "error_rate", error, 100));
                }
            }

            rows.Add(new("cifar10", model, "fourier-heatmap", "band=low", "error_rate", 0.0, 100));
            rows.Add(new("cifar10", model, "fourier-heatmap", "band=high", "error_rate", model == "resnet" ? 0.5 : 0.0, 100));
        }

        return rows;
    }

    private static RunReport HeatmapReport() => FigureSamples.Report([.. ReportSamples.Rows(), .. HeatmapRows()]);

    [Fact]
    public void Build_OneHeatmapPerModel_WithTheStudyIds()
    {
        var figures = _builder.Build(HeatmapReport()).Where(figure => figure.Section == ReportFigureBuilder.FourierHeatmapAnalysis).ToList();

        Assert.Equal(["fourier-heatmap-cifar10-resnet", "fourier-heatmap-cifar10-robust"], figures.Select(figure => figure.Id));
        Assert.Equal("fourier-heatmap-cifar10-resnet", FourierHeatmapFigures.FigureId("cifar10", "resnet"));
        foreach (var figure in figures)
        {
            using var bitmap = Decode(figure);
            Assert.True(figure.Width <= figure.Height + 170);
        }
    }

    [Fact]
    public void Build_Heatmap_ColoursErrorsOnViridisFromZeroToOne_AndGreysMissingCells()
    {
        var figures = _builder.Build(HeatmapReport());
        using var resnet = Decode(Figure(figures, "fourier-heatmap-cifar10-resnet"));
        using var robust = Decode(Figure(figures, "fourier-heatmap-cifar10-robust"));

        // resnet: one column of four cells at error 1 (yellow), twelve at 0 (dark purple); robust: fifteen dark, one grey.
        var yellow = CountPixels(resnet, Viridis(1));
        var dark = CountPixels(resnet, Viridis(0));
        Assert.True(yellow > 1000, $"yellow pixels {yellow}");
        Assert.InRange(dark / (double)yellow, 2, 4.5);
        Assert.True(CountPixels(robust, NotMeasuredGrey) > 300);
        Assert.True(CountPixels(robust, Viridis(1)) < 100, "only the top of the colour bar is yellow");
    }

    [Fact]
    public void Build_Heatmap_TableAltTextAndCaptionCarryTheNumbers()
    {
        var figure = Figure(_builder.Build(HeatmapReport()), "fourier-heatmap-cifar10-resnet");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["fy \\ fx", "fx -1", "fx -0.5", "fx 0", "fx 0.5"], table.Columns);
        Assert.Equal(["fy 0.5", "1", "0", "0", "0"], table.Rows[0]);
        Assert.Equal(["fy -1", "1", "0", "0", "0"], table.Rows[^1]);
        Assert.Contains("4 x 4 frequencies from -1 to 0.5 of Nyquist, error rate from 0 to 1, highest at fy", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("Clean error rate 0.1.", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("Mean error rate by band: low 0, high 0.5.", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("v = 4", figure.Caption, StringComparison.Ordinal);

        var robust = Figure(_builder.Build(HeatmapReport()), "fourier-heatmap-cifar10-robust");
        Assert.Equal(["fy 0.5", "0", "0", "0", string.Empty], robust.Table!.Rows[0]);
    }

    [Fact]
    public void WriteToString_FourierHeatmaps_SideBySideInTheStudySection()
    {
        var html = new ReportHtmlWriter().WriteToString(_builder.WithFigures(HeatmapReport()));

        // The study section (first in the report) shows the heat maps side by side; no separate section repeats them.
        Assert.Contains("<h3 id=\"study-fourier-heatmaps\">Fourier heat maps</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"figures-fourier-heatmap\"", html, StringComparison.Ordinal);
        var section = Section(html, StudyHtml.SectionId);
        Assert.Contains("<figure id=\"figure-fourier-heatmap-cifar10-resnet\"", section, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"figure-fourier-heatmap-cifar10-robust\"", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoHeatmapRows_BuildsNoHeatmapFigures()
    {
        var figures = _builder.Build(FigureSamples.Report([.. ReportSamples.Rows(), .. HeatmapRows().Where(row => !row.Condition.StartsWith("fy=", StringComparison.Ordinal))]));

        Assert.DoesNotContain(figures, figure => figure.Section == ReportFigureBuilder.FourierHeatmapAnalysis);
    }
}
