using CloudFreq.Core.Reports;
using SkiaSharp;
using static CloudFreq.Core.Tests.Reports.FigureChecks;
using Samples = CloudFreq.Core.Tests.Reports.RobustnessFigureSamples;

namespace CloudFreq.Core.Tests.Reports;

public sealed class AttackFiguresTests
{
    private readonly ReportFigureBuilder _builder = new();

    private static RunReport AttackReport() => FigureSamples.Report([.. ReportSamples.Rows(), .. Samples.AttackRows()]);

    [Fact]
    public void Build_NoAttackRows_BuildsNoAttackFigures()
    {
        var figures = _builder.Build(FigureSamples.Report([.. ReportSamples.Rows(), .. FigureSamples.SweepRows(), .. FigureSamples.CorruptionRows()]));

        Assert.NotEmpty(figures);
        Assert.DoesNotContain(figures, figure => figure.Section == ReportFigureBuilder.AttackAnalysis || figure.Id.StartsWith("attack-", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_AttackRows_BuildsCurvesAndHeatmapPerNormLInfFirst()
    {
        var figures = _builder.Build(AttackReport());

        Assert.Equal(
            ["attack-cifar10-linf-curves", "attack-cifar10-linf-heatmap", "attack-cifar10-l2-curves", "attack-cifar10-l2-heatmap"],
            figures.Select(figure => figure.Id));
        Assert.All(figures, figure => Assert.Equal(ReportFigureBuilder.AttackAnalysis, figure.Section));
    }

    [Fact]
    public void Build_AttackFigures_ArePngsOfTheDeclaredSize()
    {
        var builder = new ReportFigureBuilder(new ReportFigureOptions { Width = 640, Height = 360 });

        foreach (var figure in builder.Build(AttackReport()))
        {
            using var bitmap = Decode(figure);
            Assert.Equal(640, figure.Width);
            Assert.True(figure.Height >= 360, $"{figure.Id} is {figure.Height} px tall");
        }
    }

    [Fact]
    public void Build_Curves_UseTheEnsembleWhereReportedElseTheStrongestAttackPerBudget()
    {
        var figure = Figure(_builder.Build(AttackReport()), "attack-cifar10-linf-curves");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Model", "Curve", "Clean", "eps 1/255", "eps 2/255", "eps 4/255", "eps 8/255", "Strongest attack per budget"], table.Columns);
        Assert.Equal(["resnet", "apgd-ensemble", "0.9125", .. Samples.ResnetEnsemble.Select(Exact), string.Empty], table.Rows[0]);

        // robust has no ensemble: the lowest defined value per budget; PGD is undefined at 8/255, so FGSM's 0.5 is plotted there.
        Assert.Equal(["robust", "strongest attack", "0.75", "0.68", "0.6", "0.55", "0.5", "1/255: pgd; 2/255: pgd; 4/255: pgd; 8/255: fgsm"], table.Rows[1]);
        Assert.Equal(2, table.Rows.Count);
        Assert.Contains("Lines of resnet are apgd-ensemble", figure.Caption, StringComparison.Ordinal);
        Assert.Contains("Lines of robust are the strongest single attack at each budget", figure.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Curves_AltTextNamesModelsCleanAndBudgetsAsFractionsOf255()
    {
        var alt = Figure(_builder.Build(AttackReport()), "attack-cifar10-linf-curves").AltText;

        Assert.Contains("L-inf", alt, StringComparison.Ordinal);
        Assert.Contains("resnet (apgd-ensemble): clean 0.912, 0.35 at 1/255, 0.15 at 2/255, 0.04 at 4/255, 0 at 8/255.", alt, StringComparison.Ordinal);
        Assert.Contains("robust (strongest attack per budget): clean 0.75, 0.68 at 1/255 (pgd)", alt, StringComparison.Ordinal);
        Assert.Contains("0.5 at 8/255 (fgsm)", alt, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_L2Curves_LabelBudgetsAsNumbers()
    {
        var figure = Figure(_builder.Build(AttackReport()), "attack-cifar10-l2-curves");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Model", "Curve", "Clean", "eps 0.25", "eps 0.5", "Strongest attack per budget"], table.Columns);
        Assert.Equal(["resnet", "strongest attack", "0.9125", "0.6", "0.3", "0.25: pgd; 0.5: pgd"], Assert.Single(table.Rows));
    }

    [Fact]
    public void Build_Curves_ModelsKeepTheirReportColourWhenAnEarlierModelHasNoRows()
    {
        // Only robust (the report's second model) has attack rows: its line is still vermillion, not the first colour.
        var rows = Samples.AttackRows().Where(row => row.Model == "robust").ToList();
        var figure = Figure(_builder.Build(FigureSamples.Report(rows)), "attack-cifar10-linf-curves");

        using var bitmap = Decode(figure);
        Assert.True(CountPixels(bitmap, Vermillion) > 300, "robust's line should be vermillion");
        Assert.True(CountPixels(bitmap, Blue) < 10, "no blue line without resnet");
    }

    [Fact]
    public void Build_Curves_DrawBothModelColours()
    {
        using var bitmap = Decode(Figure(_builder.Build(AttackReport()), "attack-cifar10-linf-curves"));

        Assert.True(CountPixels(bitmap, Blue) > 300);
        Assert.True(CountPixels(bitmap, Vermillion) > 300);
    }

    [Fact]
    public void Build_Heatmap_TableHoldsEveryRobustAccuracyWithEnsembleLastAndGapsEmpty()
    {
        var figure = Figure(_builder.Build(AttackReport()), "attack-cifar10-linf-heatmap");

        var table = Assert.IsType<ReportFigureTable>(figure.Table);
        Assert.Equal(["Attack", "eps", "resnet", "robust"], table.Columns);
        Assert.Equal(12, table.Rows.Count);
        Assert.Equal([.. Enumerable.Repeat("fgsm", 4), .. Enumerable.Repeat("pgd", 4), .. Enumerable.Repeat("apgd-ensemble", 4)], table.Rows.Select(row => row[0]));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal([Exact(Samples.LInfBudgets[i]), Exact(Samples.ResnetFgsm[i]), Exact(Samples.RobustFgsm[i])], table.Rows[i].Skip(1));
            Assert.Equal(
                [Exact(Samples.LInfBudgets[i]), Exact(Samples.ResnetPgd[i]), Samples.RobustPgd[i] is { } pgd ? Exact(pgd) : ReportFigureTable.None],
                table.Rows[4 + i].Skip(1));
            Assert.Equal([Exact(Samples.LInfBudgets[i]), Exact(Samples.ResnetEnsemble[i]), string.Empty], table.Rows[8 + i].Skip(1));
        }

        Assert.Contains("resnet: lowest 0 (pgd 8/255)", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("robust: lowest 0.5 (fgsm 8/255), highest 0.7 (fgsm 1/255)", figure.AltText, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Heatmap_DrawsViridisCellsAndGreyForCellsNotRun()
    {
        using var bitmap = Decode(Figure(_builder.Build(AttackReport()), "attack-cifar10-linf-heatmap"));

        Assert.True(CountPixels(bitmap, Viridis(0.5)) > 300, "robust's FGSM 8/255 cell at 0.5");
        Assert.True(CountPixels(bitmap, NotMeasuredGrey) > 1000, "robust's ensemble cells were not run");
    }

    [Fact]
    public void Build_NullAndMissingValues_DoNotThrowAndShowNone()
    {
        var rows = new List<ResultRow>
        {
            new("cifar10", "resnet", "attack", "", "accuracy", null, 0),
            new("cifar10", "resnet", "attack", Samples.AttackCondition("pgd", "linf", 8 / 255.0), "robust_accuracy", null, 0),
            new("cifar10", "resnet", "attack", Samples.AttackCondition("apgd-ensemble", "linf", 8 / 255.0), "robust_accuracy", null, 0),
            new("cifar10", "robust", "attack", Samples.AttackCondition("pgd", "linf", 8 / 255.0), "robust_accuracy", null, 0),
            new("cifar10", "robust", "attack", "attack=pgd;norm=linf;eps=notanumber", "robust_accuracy", 0.5, 10),
            new("cifar10", "robust", "attack", "malformed", "robust_accuracy", 0.5, 10),
        };

        var figures = _builder.Build(FigureSamples.Report(rows));

        Assert.Equal(["attack-cifar10-linf-curves", "attack-cifar10-linf-heatmap"], figures.Select(figure => figure.Id));
        var curves = Assert.IsType<ReportFigureTable>(figures[0].Table);
        Assert.Equal(["resnet", "apgd-ensemble", ReportFigureTable.None, ReportFigureTable.None, string.Empty], curves.Rows[0]);
        Assert.Equal(["robust", "strongest attack", string.Empty, ReportFigureTable.None, "8/255: none"], curves.Rows[1]);
        foreach (var figure in figures)
        {
            using var bitmap = Decode(figure);
        }
    }

    [Fact]
    public void WriteToString_AttackFigures_SectionWithFriendlyHeadingAndAllImages()
    {
        var report = _builder.WithFigures(AttackReport());

        var html = new ReportHtmlWriter().WriteToString(report);

        Assert.Contains("<li><a href=\"#figures-attack\">Adversarial attacks</a></li>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"figures-attack-heading\">Adversarial attacks</h2>", html, StringComparison.Ordinal);
        var section = Section(html, "figures-attack");
        foreach (var figure in report.Figures)
        {
            Assert.Contains("<img src=\"data:image/png;base64," + Convert.ToBase64String(figure.Png) + "\"", section, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1 / 255.0, "1/255")]
    [InlineData(8 / 255.0, "8/255")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.25, "0.25")]
    [InlineData(0, "0")]
    [InlineData(0.001, "0.001")]
    public void BudgetLabel_WholeNumbersOf255thsAsFractions(double budget, string expected) =>
        Assert.Equal(expected, FigureBudgets.Label(budget));

    [Fact]
    public void BudgetLabel_AgreesWithTheAnalysesLabel()
    {
        foreach (var budget in (double[])[0, 1 / 255.0, 3 / 255.0, 128 / 255.0, 0.05, 0.1, 0.5, 1, 1.5, 8, 1e-5])
        {
            Assert.Equal(CloudFreq.Core.Analyses.AttackBudgets.Label(budget), FigureBudgets.Label(budget));
        }
    }
}
