using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed class FigureValueTicksTests
{
    [Fact]
    public void Apply_CrowdedSmallBudgets_KeepsZeroAndTheLargeBudgetsLabelledAndEveryTick()
    {
        double[] budgets = [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128];
        using var plot = new ScottPlot.Plot();
        plot.Axes.SetLimitsX(0, 130 / 255.0);

        FigureValueTicks.Apply(plot, [.. budgets.Select(b => (b / 255, FigureBudgets.Label(b / 255)))], 720, 420);

        plot.RenderInMemory(720, 420);
        var ticks = Assert.IsType<ScottPlot.TickGenerators.NumericManual>(plot.Axes.Bottom.TickGenerator).Ticks;
        Assert.Equal(budgets.Length, ticks.Length);
        var labels = ticks.Where(tick => tick.IsMajor).Select(tick => tick.Label).ToList();
        Assert.Contains("0", labels);
        Assert.Contains("128/255", labels);
        Assert.Contains("64/255", labels);
        Assert.DoesNotContain("1/255", labels);
        Assert.True(labels.Count < budgets.Length);
    }

    [Fact]
    public void Apply_WellSpacedValues_LabelsEveryOne()
    {
        using var plot = new ScottPlot.Plot();
        plot.Axes.SetLimitsX(0, 2.1);

        FigureValueTicks.Apply(plot, [(0, "0"), (0.5, "0.5"), (1, "1"), (2, "2")], 720, 420);

        plot.RenderInMemory(720, 420);
        var ticks = Assert.IsType<ScottPlot.TickGenerators.NumericManual>(plot.Axes.Bottom.TickGenerator).Ticks;
        Assert.Equal(["0", "0.5", "1", "2"], ticks.Where(tick => tick.IsMajor).Select(tick => tick.Label));
    }
}
