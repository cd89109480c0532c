using CloudFreq.Core.Reports.Fonts;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>Creates ScottPlot plots in the report's style (bundled font, titles, light grid) and renders them to PNG.</summary>
internal static class FigurePlot
{
    public const float TitleSize = 16;
    public const float LabelSize = 13;
    public const float TickSize = 11;

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        ReportFont.EnsureRegisteredWithScottPlot();
        var plot = new Plot();
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);

        // Legends sit beside the data area, so they never hide a curve. Every text element, including tick labels and the legend, uses the bundled face.
        plot.Font.Set(ReportFont.Name);
        plot.Legend.FontName = ReportFont.Name;
        plot.Legend.FontSize = TickSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        return plot;
    }

    public static byte[] RenderPng(Plot plot, int width, int height) =>
        plot.GetImageBytes(width, height, ImageFormat.Png);
}
