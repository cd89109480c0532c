using CloudFreq.Core.Reports;
using static CloudFreq.Core.Tests.Reports.FigureChecks;
using Samples = CloudFreq.Core.Tests.Reports.RobustnessFigureSamples;

namespace CloudFreq.Core.Tests.Reports;

public sealed class BlurDefenseFiguresTests
{
    private readonly ReportFigureBuilder _builder = new();

    private static RunReport BlurReport() => FigureSamples.Report([.. ReportSamples.Rows(), .. Samples.BlurDefenseRows()]);

    [Fact]
    public void Build_NoBlurDefenseRows_BuildsNoBlurDefenseFigures()
    {
        var figures = _builder.Build(FigureSamples.Report([.. ReportSamples.Rows(), .. Samples.AttackRows(), .. Samples.MinPerturbationRows()]));

        Assert.NotEmpty(figures);
        Assert.DoesNotContain(figures, figure => figure.Section == ReportFigureBuilder.BlurDefenseAnalysis);
    }

    [Fact]
    public void Build_BlurDefenseRows_BuildsOneFigurePerModelWithRows()
    {
        var figures = _builder.Build(BlurReport());

        Assert.Equal(["blur-defense-cifar10-resnet", "blur-defense-cifar10-robust"], figures.Select(figure => figure.Id));
        Assert.All(figures, figure => Assert.Equal(ReportFigureBuilder.BlurDefenseAnalysis, figure.Section));
        foreach (var figure in figures)
        {
            using var bitmap = Decode(figure);
            Assert.Equal((720, 420), (figure.Width, figure.Height));
        }
    }

    [Fact]
    public void Build_Figure_TableHasCleanAttacksThenCorruptionPerSigma()
    {
        var figure = Figure(_builder.Build(BlurReport()), "blur-defense-cifar10-resnet");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Series", "sigma 0", "sigma 0.5", "sigma 1", "sigma 2"], table.Columns);
        Assert.Equal(["clean accuracy", .. Samples.ResnetBlurClean.Select(Exact)], table.Rows[0]);
        Assert.Equal(["pgd L-inf 1/255", .. Samples.ResnetBlurPgd1.Select(Exact)], table.Rows[1]);
        Assert.Equal(["pgd L-inf 2/255", .. Samples.ResnetBlurPgd2.Select(Exact)], table.Rows[2]);
        Assert.Equal(["corruption accuracy", .. Samples.ResnetBlurCorruption.Select(Exact)], table.Rows[3]);
        Assert.Equal(4, table.Rows.Count);
        Assert.Contains("corruptions run (dashed black line)", figure.Caption, StringComparison.Ordinal);
        Assert.Contains("clean accuracy: 0.91 at sigma 0, 0.6 at sigma 2, highest 0.91 at sigma 0.", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("pgd L-inf 2/255: 0.05 at sigma 0, 0.25 at sigma 2, highest 0.25 at sigma 2.", figure.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FigureWithoutCorruptions_HasNoCorruptionSeriesAndShowsNullAsNone()
    {
        var figure = Figure(_builder.Build(BlurReport()), "blur-defense-cifar10-robust");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["clean accuracy", "0.7", Exact(0.7 - 0.1), Exact(0.7 - 0.2), ReportFigureTable.None], table.Rows[0]);
        Assert.Equal(["pgd L-inf 1/255", "0.5", "0.5", "0.5", "0.5"], table.Rows[1]);
        Assert.Equal(2, table.Rows.Count);
        Assert.DoesNotContain("corruption", figure.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Figure_DrawsAttackLinesInSeriesColours()
    {
        using var bitmap = Decode(Figure(_builder.Build(BlurReport()), "blur-defense-cifar10-resnet"));

        Assert.True(CountPixels(bitmap, Blue) > 300, "first attack line");
        Assert.True(CountPixels(bitmap, Vermillion) > 300, "second attack line");
    }

    [Fact]
    public void Build_OnlyUndefinedValues_DoesNotThrow()
    {
        var rows = new List<ResultRow>
        {
            new("cifar10", "resnet", "blur-defense", "sigma=0", "accuracy", null, 0),
            new("cifar10", "resnet", "blur-defense", "sigma=1;attack=pgd;norm=l2;eps=0.5", "robust_accuracy", null, 0),
            new("cifar10", "resnet", "blur-defense", "sigma=oops", "accuracy", 0.5, 10),
            new("cifar10", "resnet", "blur-defense", "sigma=1;corruption=fog;severity=3", "accuracy", 0.5, 10),
        };

        var figure = Assert.Single(_builder.Build(FigureSamples.Report(rows)));

        using var bitmap = Decode(figure);
        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Series", "sigma 0", "sigma 1"], table.Columns);
        Assert.Equal(["clean accuracy", ReportFigureTable.None, string.Empty], table.Rows[0]);
        Assert.Equal(["pgd L2 0.5", string.Empty, ReportFigureTable.None], table.Rows[1]);
        Assert.Contains("no defined values", figure.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_AllThreeAnalyses_SectionsInContentsInBuilderOrder()
    {
        var report = _builder.WithFigures(FigureSamples.Report(
            [.. ReportSamples.Rows(), .. Samples.BlurDefenseRows(), .. Samples.MinPerturbationRows(), .. Samples.AttackRows()]));

        var html = new ReportHtmlWriter().WriteToString(report);

        Assert.Contains(
            "<li><a href=\"#figures-attack\">Adversarial attacks</a></li><li><a href=\"#figures-min-perturbation\">Minimal adversarial perturbations</a></li>"
            + "<li><a href=\"#figures-blur-defense\">Blur defense</a></li>",
            html,
            StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"figures-blur-defense-heading\">Blur defense</h2>", html, StringComparison.Ordinal);
        var section = Section(html, "figures-blur-defense");
        Assert.Contains("<figure id=\"figure-blur-defense-cifar10-resnet\"", section, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"figure-blur-defense-cifar10-robust\"", section, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void WriteToString_NoRobustnessRows_HasNoRobustnessSections()
    {
        var report = _builder.WithFigures(FigureSamples.Report([.. ReportSamples.Rows(), .. FigureSamples.SweepRows()]));

        var html = new ReportHtmlWriter().WriteToString(report);

        Assert.DoesNotContain("figures-attack", html, StringComparison.Ordinal);
        Assert.DoesNotContain("figures-min-perturbation", html, StringComparison.Ordinal);
        Assert.DoesNotContain("figures-blur-defense", html, StringComparison.Ordinal);
    }
}
