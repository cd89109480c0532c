using CloudFreq.Core.Reports;
using static CloudFreq.Core.Tests.Reports.FigureChecks;
using Samples = CloudFreq.Core.Tests.Reports.RobustnessFigureSamples;

namespace CloudFreq.Core.Tests.Reports;

public sealed class MinPerturbationFiguresTests
{
    private const string Prefix = "min-perturbation-cifar10-linf-targeted-";

    private readonly ReportFigureBuilder _builder = new();

    private static RunReport MinReport() => FigureSamples.Report([.. ReportSamples.Rows(), .. Samples.MinPerturbationRows()]);

    [Fact]
    public void Build_NoMinPerturbationRows_BuildsNoMinPerturbationFigures()
    {
        var figures = _builder.Build(FigureSamples.Report([.. ReportSamples.Rows(), .. FigureSamples.HybridRows(), .. Samples.AttackRows()]));

        Assert.NotEmpty(figures);
        Assert.DoesNotContain(figures, figure => figure.Section == ReportFigureBuilder.MinPerturbationAnalysis);
    }

    [Fact]
    public void Build_MinPerturbationRows_BuildsCumulativePowerSuccessRateAndOneSpectrumPerModelWithOne()
    {
        var figures = _builder.Build(MinReport());

        Assert.Equal([Prefix + "cumulative-power", Prefix + "success-rate", Prefix + "spectrum-resnet"], figures.Select(figure => figure.Id));
        Assert.All(figures, figure => Assert.Equal(ReportFigureBuilder.MinPerturbationAnalysis, figure.Section));
        foreach (var figure in figures)
        {
            using var bitmap = Decode(figure);
            Assert.Equal((720, 420), (figure.Width, figure.Height));
        }
    }

    [Fact]
    public void Build_TwoSettings_BuildsOneSetPerSetting()
    {
        var rows = Samples.MinPerturbationRows();
        rows.AddRange(Samples.MinPerturbationRows()
            .Where(row => row.Model == "resnet" && row.Condition.Length > 0)
            .Select(row => row with { Condition = row.Condition.Replace("norm=linf;targeted=true", "norm=l2;targeted=false", StringComparison.Ordinal) }));

        var ids = _builder.Build(FigureSamples.Report(rows)).Select(figure => figure.Id).ToList();

        Assert.Equal(
            [
                Prefix + "cumulative-power", Prefix + "success-rate", Prefix + "spectrum-resnet",
                "min-perturbation-cifar10-l2-untargeted-cumulative-power", "min-perturbation-cifar10-l2-untargeted-success-rate", "min-perturbation-cifar10-l2-untargeted-spectrum-resnet",
            ],
            ids);
    }

    [Fact]
    public void Build_CumulativePower_TableHoldsEveryRatioAndANullFHalfIsNone()
    {
        var figure = Figure(_builder.Build(MinReport()), Prefix + "cumulative-power");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(31, table.Columns.Count);
        Assert.Equal("cutoff 0", table.Columns[1]);
        Assert.Equal("cutoff 1.4", table.Columns[29]);
        Assert.Equal("f_half", table.Columns[30]);
        Assert.Equal(["resnet", "robust"], table.Rows.Select(row => row[0]));
        for (var i = 0; i < 29; i++)
        {
            Assert.Equal(Exact(Samples.ResnetCumulative(Samples.Radius(i))), table.Rows[0][1 + i]);
            Assert.Equal(string.Empty, table.Rows[1][1 + i]);
        }

        Assert.Equal("0.3", table.Rows[0][30]);
        Assert.Equal(ReportFigureTable.None, table.Rows[1][30]);
        Assert.Contains("resnet: f0.5 0.3, 0.833 of the power below half of Nyquist.", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("robust: f0.5 none.", figure.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CumulativePower_DrawsTheModelLineAndItsF0Point5InTheModelColour()
    {
        using var withMarker = Decode(Figure(_builder.Build(MinReport()), Prefix + "cumulative-power"));
        var noFHalf = Samples.MinPerturbationRows().Where(row => row.Metric != "f_half").ToList();
        using var withoutMarker = Decode(Figure(_builder.Build(FigureSamples.Report(noFHalf)), Prefix + "cumulative-power"));

        // The dashed vertical f0.5 line adds blue pixels to resnet's curve.
        var with = CountPixels(withMarker, Blue);
        var without = CountPixels(withoutMarker, Blue);
        Assert.True(without > 300, "resnet's curve is blue");
        Assert.True(with > without + 100, $"f0.5 line: {with} blue pixels with it, {without} without");
    }

    [Fact]
    public void Build_SuccessRate_TableHoldsCurveAndSummaries()
    {
        var figure = Figure(_builder.Build(MinReport()), Prefix + "success-rate");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(
            ["Model", "eps 0", "eps 1/255", "eps 2/255", "eps 4/255", "eps 8/255", "Clean accuracy", "Overall success rate", "Median epsilon", "Mean epsilon"],
            table.Columns);
        Assert.Equal(["resnet", .. Samples.ResnetSuccess.Select(Exact), "0.9", "0.95", Exact(2 / 255.0), "0.01"], table.Rows[0]);
        Assert.Equal(["robust", "0", "0", "0", "0", "0", "0.75", "0", ReportFigureTable.None, ReportFigureTable.None], table.Rows[1]);
        Assert.Contains("resnet: overall success rate 0.95, median epsilon 2/255, 0.95 within 8/255.", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("robust: overall success rate 0, median epsilon none", figure.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Spectrum_TableIsTheGridWithHighestFyFirst()
    {
        var figure = Figure(_builder.Build(MinReport()), Prefix + "spectrum-resnet");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["fy \\ fx", .. Samples.SpectrumGrid.Select(fx => "fx " + Exact(fx))], table.Columns);
        var fys = Samples.SpectrumGrid.Reverse().ToList();
        Assert.Equal(fys.Select(fy => "fy " + Exact(fy)), table.Rows.Select(row => row[0]));
        for (var r = 0; r < fys.Count; r++)
        {
            for (var c = 0; c < Samples.SpectrumGrid.Length; c++)
            {
                Assert.Equal(Exact(Samples.ResnetLogPower(fys[r], Samples.SpectrumGrid[c])), table.Rows[r][1 + c]);
            }
        }

        // The DC floor (-12) is left out of the colour scale: the alt text gives the range of the other bins.
        Assert.Contains("log10 power from -5 to -3.06", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("f0.5 0.3", figure.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Spectrum_DrawsViridisWithDcGreyAtTheCentre()
    {
        using var bitmap = Decode(Figure(_builder.Build(MinReport()), Prefix + "spectrum-resnet"));

        // The lowest bins (the corners, -5) are the darkest viridis colour, the highest (next to DC) the lightest.
        Assert.True(CountPixels(bitmap, Viridis(0)) > 100, "corner bins");
        Assert.True(CountPixels(bitmap, Viridis(1)) > 100, "bins next to DC");
        Assert.True(CountPixels(bitmap, NotMeasuredGrey) > 100, "the DC bin");
    }

    [Fact]
    public void Build_OnlyNullSummariesAndNoCurves_DoesNotThrow()
    {
        var rows = new List<ResultRow>
        {
            new("cifar10", "robust", "min-perturbation", "", "accuracy", null, 0),
            new("cifar10", "robust", "min-perturbation", Samples.MinPrefix, "f_half", null, 0),
            new("cifar10", "robust", "min-perturbation", Samples.MinPrefix + ";eps=0.1", "success_rate", null, 0),
            new("cifar10", "robust", "min-perturbation", Samples.MinPrefix + ";fy=0;fx=0", "log10_power", null, 0),
            new("cifar10", "robust", "min-perturbation", Samples.MinPrefix + ";radius=x", "cumulative_power", 0.5, 0),
        };

        var figures = _builder.Build(FigureSamples.Report(rows));

        Assert.Equal([Prefix + "cumulative-power", Prefix + "success-rate", Prefix + "spectrum-robust"], figures.Select(figure => figure.Id));
        foreach (var figure in figures)
        {
            using var bitmap = Decode(figure);
        }

        Assert.Equal(["robust", ReportFigureTable.None], Assert.Single(figures[0].Table!.Rows));
        Assert.Contains("no defined values", figures[2].AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_MinPerturbationFigures_SectionWithFriendlyHeading()
    {
        var report = _builder.WithFigures(MinReport());

        var html = new ReportHtmlWriter().WriteToString(report);

        Assert.Contains("<li><a href=\"#figures-min-perturbation\">Minimal adversarial perturbations</a></li>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"figures-min-perturbation-heading\">Minimal adversarial perturbations</h2>", html, StringComparison.Ordinal);
        var section = Section(html, "figures-min-perturbation");
        Assert.Equal(3, section.Split("<img src=\"data:image/png;base64,").Length - 1);
    }
}
