using System.Globalization;
using CloudFreq.Core.Reports.Fonts;
using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Heat maps in the report's style, as the corruption heat maps draw them: Viridis (perceptually uniform,
/// readable with the common colour-vision deficiencies and in grey), grey cells for values that were not
/// measured or are undefined, a labelled colour bar, and optionally each cell's number written into it.
/// </summary>
internal static class FigureHeatmap
{
    /// <summary>Cell text of a cell that was never measured.</summary>
    public const string NotMeasuredCell = "\u2014";

    // Cell numbers are drawn only where the cell is at least this tall and wide enough for its text.
    private const float MinAnnotatedCellHeight = 13;

    public static readonly ScottPlot.Colormaps.Viridis Colormap = new();
    public static readonly Color NotMeasuredColor = Color.FromHex("#E4E4E4");

    /// <summary>
    /// Adds a heat map of <paramref name="intensities"/> (row 0 on top, NaN drawn grey) covering <paramref name="rectangle"/>,
    /// coloured over <paramref name="range"/>, with a colour bar labelled <paramref name="label"/>.
    /// </summary>
    public static Heatmap? Add(Plot plot, double[,] intensities, ScottPlot.Range range, CoordinateRect rectangle, string label)
    {
        if (!intensities.Cast<double>().Any(double.IsFinite))
        {
            // ScottPlot cannot colour a map without a single number (it measures the data's range even when given one): draw it all grey.
            var empty = plot.Add.Rectangle(rectangle.Left, rectangle.Right, rectangle.Bottom, rectangle.Top);
            empty.FillColor = NotMeasuredColor;
            empty.LineWidth = 0;
            return null;
        }

        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = Colormap;
        heatmap.ManualRange = range;
        heatmap.NaNCellColor = NotMeasuredColor;
        heatmap.Rectangle = rectangle;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = label;
        colorBar.LabelStyle.FontName = ReportFont.Name;
        colorBar.LabelStyle.FontSize = FigurePlot.LabelSize;
        colorBar.Axis.TickLabelStyle.FontName = ReportFont.Name;
        colorBar.Axis.TickLabelStyle.FontSize = FigurePlot.TickSize;
        return heatmap;
    }

    /// <summary>
    /// Writes each cell's text into it (cell (r, c) centred on x = c, y = rows - 1 - r) when the laid-out cells are
    /// large enough to hold <paramref name="widest"/>; <paramref name="cell"/> gives the text and the background it sits on.
    /// </summary>
    public static void Annotate(Plot plot, int rows, int columns, Func<int, int, (string Text, Color Background)> cell, int width, int height, string widest = "100%")
    {
        if (rows == 0 || columns == 0)
        {
            return;
        }

        plot.RenderInMemory(width, height);
        var dataRect = plot.RenderManager.LastRender.DataRect;
        var cellWidth = dataRect.Width / columns;
        var cellHeight = dataRect.Height / rows;
        using var font = new SKFont(ReportFont.Typeface, FigurePlot.TickSize);
        if (cellHeight < MinAnnotatedCellHeight || cellWidth < font.MeasureText(widest) + 4)
        {
            return;
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var (text, background) = cell(r, c);
                var label = plot.Add.Text(text, c, rows - 1 - r);
                label.LabelFontName = ReportFont.Name;
                label.LabelFontSize = FigurePlot.TickSize;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = IsDark(background) ? Colors.White : FigurePalette.Black;
            }
        }
    }

    /// <summary>The background of a cell with <paramref name="value"/> on a scale from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Color CellColor(double value, double min, double max) =>
        Colormap.GetColor(Math.Clamp((value - min) / Math.Max(max - min, 1e-12), 0, 1));

    /// <summary>An accuracy as a whole percentage, for cell labels.</summary>
    public static string Percent(double accuracy) =>
        (accuracy * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    /// <summary>True when white text reads better than black on <paramref name="color"/> (relative luminance below 0.4).</summary>
    public static bool IsDark(Color color) =>
        ((0.2126 * Linear(color.R)) + (0.7152 * Linear(color.G)) + (0.0722 * Linear(color.B))) < 0.4;

    private static double Linear(byte channel)
    {
        var value = channel / 255.0;
        return value <= 0.04045 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
    }
}
