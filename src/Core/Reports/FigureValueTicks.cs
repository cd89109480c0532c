using CloudFreq.Core.Reports.Fonts;
using ScottPlot;
using SkiaSharp;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Labelled ticks at given x values (attack budgets, blur sigmas): every value gets a tick, and a label
/// where it does not run into a neighbour's, so budgets crowded near zero (1/255, 2/255, 3/255)
/// stay legible. Values whose label is dropped keep a minor tick; the figure's table has them all.
/// </summary>
internal static class FigureValueTicks
{
    private const float LabelGap = 6;

    /// <summary>
    /// Sets the bottom ticks of <paramref name="plot"/>. The plot is laid out once at <paramref name="width"/> x
    /// <paramref name="height"/> to learn the pixels per unit, so call this after the limits and legend are set.
    /// </summary>
    public static void Apply(Plot plot, IReadOnlyList<(double Position, string Label)> ticks, int width, int height)
    {
        var ordered = ticks.DistinctBy(tick => tick.Position).OrderBy(tick => tick.Position).ToList();
        var all = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in ordered)
        {
            all.AddMajor(position, label);
        }

        plot.Axes.Bottom.TickGenerator = all;
        if (ordered.Count < 2)
        {
            return;
        }

        plot.RenderInMemory(width, height);
        var limits = plot.Axes.GetLimits();
        var pixelsPerUnit = plot.RenderManager.LastRender.DataRect.Width / Math.Max(limits.Right - limits.Left, 1e-12);
        using var font = new SKFont(ReportFont.Typeface, FigurePlot.TickSize);
        // The smallest value (usually 0, the clean point) and then the largest first: the wide-spaced large budgets keep
        // their labels and the crowded small ones give way, which reads better than dropping from the left.
        var widths = ordered.Select(tick => font.MeasureText(tick.Label)).ToList();
        var labelled = new List<int>();
        foreach (var i in new[] { 0 }.Concat(Enumerable.Range(1, ordered.Count - 1).Reverse()))
        {
            if (labelled.All(j => Math.Abs(ordered[i].Position - ordered[j].Position) * pixelsPerUnit >= ((widths[i] + widths[j]) / 2) + LabelGap))
            {
                labelled.Add(i);
            }
        }

        var kept = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (labelled.Contains(i))
            {
                kept.AddMajor(ordered[i].Position, ordered[i].Label);
            }
            else
            {
                kept.AddMinor(ordered[i].Position);
            }
        }

        plot.Axes.Bottom.TickGenerator = kept;
    }
}
