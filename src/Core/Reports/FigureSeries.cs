using ScottPlot;
using ScottPlot.Plottables;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Per-model line style shared by the figures that draw one line per model: a model keeps its colour and
/// marker (its place among the report's models) in every such figure, even where some models have no rows.
/// </summary>
internal static class FigureSeries
{
    /// <summary>The model's place in report order (0 when it is not listed, which the index never does for a model with rows).</summary>
    public static int Slot(ReportIndex index, string model)
    {
        for (var i = 0; i < index.Models.Count; i++)
        {
            if (string.Equals(index.Models[i], model, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>A line with markers in the colour and marker shape of <paramref name="slot"/>.</summary>
    public static Scatter AddLine(Plot plot, IReadOnlyList<(double X, double Y)> points, int slot, string legend)
    {
        var line = plot.Add.Scatter(points.Select(point => point.X).ToArray(), points.Select(point => point.Y).ToArray());
        line.Color = FigurePalette.Series(slot);
        line.LineWidth = 2;
        line.MarkerShape = FigurePalette.Marker(slot);
        line.MarkerSize = 7;
        line.LegendText = legend;
        return line;
    }
}
