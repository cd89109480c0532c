using CloudFreq.Core.Reports.Fonts;
using ScottPlot;
using SkiaSharp;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Labelled ticks at given x values (attack budgets, blur sigmas): every value gets a tick, and a label
/// where it does not run into its left neighbour's, so budgets crowded near zero (1/255, 2/255, 3/255)
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
        var kept = new ScottPlot.TickGenerators.NumericManual();
        double? lastPosition = null;
        var lastHalfWidth = 0f;
        foreach (var (position, label) in ordered)
        {
            var halfWidth = font.MeasureText(label) / 2;
            if (lastPosition is { } last && (position - last) * pixelsPerUnit < lastHalfWidth + halfWidth + LabelGap)
            {
                kept.AddMinor(position);
                continue;
            }

            kept.AddMajor(position, label);
            lastPosition = position;
            lastHalfWidth = halfWidth;
        }

        plot.Axes.Bottom.TickGenerator = kept;
    }
}
