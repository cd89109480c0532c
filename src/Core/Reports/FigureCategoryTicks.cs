using CloudFreq.Core.Reports.Fonts;
using ScottPlot;
using SkiaSharp;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Names under a bar chart's categories (at x = 0, 1, ...): horizontal when each fits its slot, otherwise
/// rotated with the bottom axis made tall enough to hold them. ScottPlot sizes the axis for horizontal
/// labels only, so rotated ones used to run off the figure's bottom edge.
/// </summary>
internal static class FigureCategoryTicks
{
    /// <summary>Rotation of labels that do not fit horizontally (degrees clockwise).</summary>
    public const float RotatedAngle = 45;

    // Space a horizontal label leaves to its neighbours, and room for the tick mark and the gaps around the axis label.
    private const float LabelGap = 6;
    private const float AxisPadding = 18;

    /// <summary>
    /// Sets the bottom ticks of <paramref name="plot"/> to <paramref name="labels"/>. The plot is laid out
    /// once at <paramref name="width"/> x <paramref name="height"/> to learn the width of a category's slot,
    /// so call this after everything else that takes space (legend, axis labels) is in place.
    /// </summary>
    public static void Apply(Plot plot, IReadOnlyList<string> labels, int width, int height)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(i, labels[i]);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        if (labels.Count == 0)
        {
            return;
        }

        using var font = new SKFont(ReportFont.Typeface, FigurePlot.TickSize);
        var widest = labels.Max(label => font.MeasureText(label));
        plot.RenderInMemory(width, height);

        var limits = plot.Axes.GetLimits();
        var dataWidth = plot.RenderManager.LastRender.DataRect.Width;
        var slot = dataWidth / Math.Max(limits.Right - limits.Left, 1e-9);
        if (widest + LabelGap <= slot)
        {
            return;
        }

        // Long names are cut so the axis takes at most a third of the figure; the figure's table has them in full.
        var radians = RotatedAngle * Math.PI / 180;
        var maxLength = (float)((height / 3.0) / Math.Sin(radians));
        var fitted = labels.Select(label => FigureText.Fit(label, font, maxLength)).ToList();
        var rotatedTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < fitted.Count; i++)
        {
            rotatedTicks.AddMajor(i, fitted[i]);
        }

        plot.Axes.Bottom.TickGenerator = rotatedTicks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = RotatedAngle;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        var longest = fitted.Max(label => font.MeasureText(label));
        var lineHeight = font.Spacing;
        var labelDrop = (longest * Math.Sin(radians)) + (lineHeight * Math.Cos(radians));
        var axisLabel = FigurePlot.LabelSize * 1.5;
        plot.Axes.Bottom.MinimumSize = (float)Math.Ceiling(labelDrop + axisLabel + AxisPadding);
    }
}
