using System.Globalization;
using CloudFreq.Core.Reports;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Reports;

public sealed class CorruptionFiguresTests
{
    private static readonly SKColor NotMeasuredGrey = new(0xE4, 0xE4, 0xE4);

    private readonly ReportFigureBuilder _builder = new();

    private static RunReport CorruptionReport() => FigureSamples.Report([.. ReportSamples.Rows(), .. FigureSamples.CorruptionRows()]);

    [Fact]
    public void Build_NoCorruptionRows_BuildsNoCorruptionFigures()
    {
        var figures = _builder.Build(FigureSamples.Report([.. ReportSamples.Rows(), .. FigureSamples.SweepRows(), .. FigureSamples.HybridRows()]));

        Assert.NotEmpty(figures);
        Assert.DoesNotContain(figures, figure => figure.Section == ReportFigureBuilder.CorruptionsAnalysis);
    }

    [Fact]
    public void Build_CorruptionRows_BuildsGroupChartThenOneHeatmapPerModel()
    {
        var figures = _builder.Build(CorruptionReport());

        Assert.Equal(
            ["corruptions-cifar10-groups", "corruptions-cifar10-heatmap-resnet", "corruptions-cifar10-heatmap-robust"],
            figures.Select(figure => figure.Id));
        Assert.All(figures, figure => Assert.Equal(ReportFigureBuilder.CorruptionsAnalysis, figure.Section));
    }

    [Fact]
    public void Build_CorruptionRowsOnTwoDatasets_BuildsOneSetPerDataset()
    {
        var rows = FigureSamples.CorruptionRows();
        rows.AddRange(FigureSamples.CorruptionRows().Where(row => row.Model == "resnet").Select(row => row with { Dataset = "svhn" }));

        var ids = _builder.Build(FigureSamples.Report(rows)).Select(figure => figure.Id).ToList();

        Assert.Equal(
            ["corruptions-cifar10-groups", "corruptions-cifar10-heatmap-resnet", "corruptions-cifar10-heatmap-robust", "corruptions-svhn-groups", "corruptions-svhn-heatmap-resnet"],
            ids);
    }

    [Fact]
    public void Build_Heatmap_TableHoldsExactlyTheInputAccuraciesInCorruptionBySeverityOrder()
    {
        var rows = FigureSamples.CorruptionRows();
        var figure = Figure(_builder.Build(FigureSamples.Report(rows)), "corruptions-cifar10-heatmap-resnet");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Corruption", "severity 1", "severity 2", "severity 3", "severity 4", "severity 5", "Mean", "CE"], table.Columns);

        // Rows in the benchmark's order then the extra ones, although the rows arrive in reverse.
        string[] order = [.. FigureSamples.BenchmarkCorruptions, .. FigureSamples.ExtraCorruptions];
        Assert.Equal(order, table.Rows.Select(row => row[0]));
        for (var c = 0; c < order.Length; c++)
        {
            for (var severity = 1; severity <= 5; severity++)
            {
                Assert.Equal(Exact(FigureSamples.ResnetCorruptionAccuracy(c, severity)), table.Rows[c][severity]);
            }

            Assert.Equal(Exact(FigureSamples.ResnetCorruptionAccuracy(c, 3)), table.Rows[c][6]);
            Assert.Equal(Exact(0.5 + (0.01 * c)), table.Rows[c][7]);
        }

        // Every input cell row of the model is in the table exactly once.
        var cellRows = rows.Where(row => row.Model == "resnet" && row.Condition.Contains(";severity=", StringComparison.Ordinal)).ToList();
        Assert.Equal(19 * 5, cellRows.Count);
        Assert.Equal(cellRows.Count, table.Rows.Sum(row => row.Skip(1).Take(5).Count(cell => cell.Length > 0)));
    }

    [Fact]
    public void Build_HeatmapOfASubsetSuite_LeavesCellsThatWereNotRunEmptyNotZero()
    {
        var figure = Figure(_builder.Build(CorruptionReport()), "corruptions-cifar10-heatmap-robust");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);

        // No ce rows for robust, so no CE column; same rows as resnet's map, so maps line up.
        Assert.Equal(["Corruption", "severity 1", "severity 2", "severity 3", "severity 4", "severity 5", "Mean"], table.Columns);
        Assert.Equal(19, table.Rows.Count);
        var gaussian = table.Rows[0];
        Assert.Equal(["gaussian_noise", Exact(0.7 - 0.05), string.Empty, Exact(0.7 - 0.15), string.Empty, Exact(0.7 - 0.25), string.Empty], gaussian);
        var fog = table.Rows.Single(row => row[0] == "fog");
        Assert.Equal(ReportFigureTable.None, fog[5]);
        Assert.All(table.Rows.Skip(15), row => Assert.All(row.Skip(1), cell => Assert.Equal(string.Empty, cell)));
        Assert.DoesNotContain(table.Rows, row => row.Skip(1).Contains("0"));
        Assert.Contains("50 cells were not run", figure.AltText, StringComparison.Ordinal);

        // In the image the cells not run are grey, not the colour of zero accuracy: many grey pixels here, none in the full map.
        using var subset = SKBitmap.Decode(figure.Png);
        using var full = SKBitmap.Decode(Figure(_builder.Build(CorruptionReport()), "corruptions-cifar10-heatmap-resnet").Png);
        Assert.True(CountPixels(subset, NotMeasuredGrey) > 20_000, "cells not run should be drawn grey");
        Assert.True(CountPixels(full, NotMeasuredGrey) < 100);
    }

    [Fact]
    public void Build_HeatmapWithOnlyUndefinedCells_IsAllGreyAndDoesNotThrow()
    {
        var rows = new List<ResultRow> { new("cifar10", "resnet", "corruptions", "corruption=fog;severity=3", "accuracy", null, 0) };

        var figure = Assert.Single(_builder.Build(FigureSamples.Report(rows)));

        using var bitmap = SKBitmap.Decode(figure.Png);
        Assert.Equal((figure.Width, figure.Height), (bitmap.Width, bitmap.Height));
        Assert.True(CountPixels(bitmap, NotMeasuredGrey) > 20_000, "the undefined cells are grey");
        Assert.Equal(ReportFigureTable.None, Assert.IsType<ReportFigureTable>(figure.Table).Rows[0][3]);
    }

    [Fact]
    public void WriteToString_HeatmapOfASubsetSuite_ShowsADashForCellsNotRun()
    {
        var report = _builder.WithFigures(CorruptionReport());

        var html = new ReportHtmlWriter().WriteToString(report);

        var start = html.IndexOf("<figure id=\"figure-corruptions-cifar10-heatmap-robust\"", StringComparison.Ordinal);
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        var table = html[start..end];
        Assert.Contains("<tr><th scope=\"row\">gaussian_noise</th><td class=\"num\">" + Exact(0.7 - 0.05) + "</td><td class=\"num\"><span class=\"none\" title=\"not measured\">&#8212;</span></td>", table, StringComparison.Ordinal);
        Assert.DoesNotContain("<td class=\"num\">0</td>", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_GroupChart_TableHasGroupCleanAndSummaryNumbers()
    {
        var figure = Figure(_builder.Build(CorruptionReport()), "corruptions-cifar10-groups");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Model", "Group", "Clean", "low", "medium", "high", "extra", "Mean corruption accuracy", "mCE", "Relative mCE"], table.Columns);
        Assert.Equal(["resnet", "base", "0.9125", "0.8", "0.55", "0.25", "0.5", "0.52", "0.95", "1.25"], table.Rows[0]);

        // robust: no extra group row, a null mCE ("none") and no relative_mce row (empty: not measured).
        Assert.Equal(["robust", "no group", "0.75", "0.6", "0.62", "0.64", string.Empty, "0.625", ReportFigureTable.None, string.Empty], table.Rows[1]);
        Assert.Equal(2, table.Rows.Count);
    }

    [Fact]
    public void Build_GroupChart_AltTextNamesEveryModelAndTheMceWhenPresent()
    {
        var alt = Figure(_builder.Build(CorruptionReport()), "corruptions-cifar10-groups").AltText;

        var robustAt = alt.IndexOf(" robust (", StringComparison.Ordinal);
        Assert.True(robustAt > 0, alt);
        var resnet = alt[..robustAt];
        var robust = alt[robustAt..];
        Assert.Contains("resnet (base): low 0.8, medium 0.55, high 0.25", resnet, StringComparison.Ordinal);
        Assert.Contains("mean corruption accuracy 0.52", resnet, StringComparison.Ordinal);
        Assert.Contains("; mCE 0.95", resnet, StringComparison.Ordinal);
        Assert.Contains("relative mCE 1.25", resnet, StringComparison.Ordinal);
        Assert.Contains("robust (no group): low 0.6, medium 0.62, high 0.64; clean 0.75", robust, StringComparison.Ordinal);
        Assert.Contains("mean corruption accuracy 0.625", robust, StringComparison.Ordinal);
        Assert.DoesNotContain("mCE", robust, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_GroupChart_BarsUseOkabeItoColoursPerModel()
    {
        var figure = Figure(_builder.Build(CorruptionReport()), "corruptions-cifar10-groups");
        using var bitmap = SKBitmap.Decode(figure.Png);

        // First model blue, second vermillion, in every group.
        Assert.True(CountPixels(bitmap, new SKColor(0x00, 0x72, 0xB2)) > 3000);
        Assert.True(CountPixels(bitmap, new SKColor(0xD5, 0x5E, 0x00)) > 3000);
    }

    [Fact]
    public void Build_CorruptionFigures_ArePngsOfTheRequestedSize()
    {
        var builder = new ReportFigureBuilder(new ReportFigureOptions { Width = 640, Height = 360 });

        var figures = builder.Build(CorruptionReport());

        Assert.Equal(3, figures.Count);
        foreach (var figure in figures)
        {
            using var bitmap = SKBitmap.Decode(figure.Png);
            Assert.NotNull(bitmap);
            Assert.Equal((figure.Width, figure.Height), (bitmap.Width, bitmap.Height));
            Assert.Equal(640, figure.Width);
        }

        Assert.Equal(360, figures[0].Height);

        // Heat maps grow taller than requested to give each of the 19 rows room for its name and numbers.
        Assert.All(figures.Skip(1), figure => Assert.True(figure.Height >= 19 * 24, $"{figure.Id} is {figure.Height} px tall"));
    }

    [Fact]
    public void Build_Heatmap_DrawsViridisCellsAndWhiteOrBlackNumbers()
    {
        var figure = Figure(_builder.Build(CorruptionReport()), "corruptions-cifar10-heatmap-resnet");
        using var bitmap = SKBitmap.Decode(figure.Png);

        // Viridis at 0.85 (gaussian_noise, severity 1) is a light green, at 0.27 (saturate, severity 5) a dark blue.
        var light = ScottPlotColor(0.85);
        var dark = ScottPlotColor(0.27);
        Assert.True(CountPixels(bitmap, light) > 500, $"no cell of {light}");
        Assert.True(CountPixels(bitmap, dark) > 500, $"no cell of {dark}");

        // Numbers in the cells: white text on dark cells.
        Assert.True(CountPixels(bitmap, SKColors.White) > 10_000);
    }

    [Fact]
    public void WriteToString_CorruptionFigures_SectionInContentsWithDataUriImagesAndNoExternalReferences()
    {
        var report = _builder.WithFigures(CorruptionReport());

        var html = new ReportHtmlWriter().WriteToString(report);

        Assert.Contains("<li><a href=\"#figures-corruptions\">Common corruptions</a></li>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"figures-corruptions-heading\">Common corruptions</h2>", html, StringComparison.Ordinal);
        var start = html.IndexOf("<section id=\"figures-corruptions\"", StringComparison.Ordinal);
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        var section = html[start..end];
        foreach (var figure in report.Figures)
        {
            Assert.Contains("<img src=\"data:image/png;base64," + Convert.ToBase64String(figure.Png) + "\"", section, StringComparison.Ordinal);
        }

        Assert.Equal(3, CountOf(section, "<img src=\"data:image/png;base64,"));
        Assert.Equal(3, CountOf(section, "<img "));
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    private static SKColor ScottPlotColor(double position)
    {
        var color = new ScottPlot.Colormaps.Viridis().GetColor(position);
        return new SKColor(color.R, color.G, color.B);
    }

    private static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static ReportFigure Figure(IReadOnlyList<ReportFigure> figures, string id) => figures.Single(figure => figure.Id == id);

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static int CountPixels(SKBitmap bitmap, SKColor color)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (bitmap.GetPixel(x, y) == color)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
