using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>The words of one swept-parameter figure: what is swept, how its range reads, what its half-way point is called.</summary>
/// <param name="AltLead">The alt text's first clause, up to the dataset (<c>Line plot of top-1 accuracy against cutoff ... on D</c>).</param>
/// <param name="RangeName">The swept values in the alt text (<c>cutoffs</c>, <c>levels</c>).</param>
/// <param name="RangeUnit">After the range (<c> of Nyquist</c>, or empty).</param>
/// <param name="PointWord">Before each point's value in the alt text (<c> at cutoff </c>, <c> at </c>).</param>
/// <param name="HalfMetric">The half-way crossing's metric (<c>cutoff_half</c>, <c>level_half</c>), its marker's legend and last column.</param>
/// <param name="ColumnPrefix">Before each swept value in the table's header (<c>cutoff </c>, <c>sigma </c>).</param>
internal sealed record SweepFigureText(
    string Slug,
    string Title,
    string XAxisLabel,
    string Caption,
    string AltLead,
    string RangeName,
    string RangeUnit,
    string PointWord,
    string HalfMetric,
    string ColumnPrefix);

/// <summary>
/// A figure of accuracy against a swept parameter, shared by the frequency and noise sweeps: one line per model,
/// an open diamond at each curve's half-way crossing, the chance level, the alt text and the data table.
/// </summary>
internal sealed class SweepCurveFigure(ReportFigureOptions options)
{
    public ReportFigure Build(string analysis, SweepCurves curves, IReadOnlyList<string> modelOrder, FigureChance? chance, SweepFigureText text)
    {
        var models = modelOrder.Where(curves.HasModel).ToList();
        using var plot = FigurePlot.Create(text.Title, text.XAxisLabel, "top-1 accuracy");
        var halves = new List<(double At, double Accuracy)>();
        for (var i = 0; i < models.Count; i++)
        {
            var points = curves.Points(models[i]).Where(point => point.Accuracy is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(point => point.Cutoff).ToArray(), points.Select(point => point.Accuracy!.Value).ToArray());
            line.Color = FigurePalette.Series(i);
            line.LineWidth = 2;
            line.MarkerShape = FigurePalette.Marker(i);
            line.MarkerSize = 7;
            line.LegendText = models[i];
            if (curves.CutoffHalf(models[i]) is { } half)
            {
                halves.Add((half, Interpolate(points, half)));
            }
        }

        // Added after the lines so they draw on top and list once, after the models, in the legend.
        for (var i = 0; i < halves.Count; i++)
        {
            var marker = plot.Add.Marker(halves[i].At, halves[i].Accuracy, MarkerShape.OpenDiamond, 16, FigurePalette.Black);
            marker.MarkerLineWidth = 2;
            marker.LegendText = i == 0 ? text.HalfMetric : string.Empty;
        }

        if (chance is { } level)
        {
            var line = plot.Add.HorizontalLine(level.Value, 1.5f, FigurePalette.NoGroup, LinePattern.Dashed);
            line.LegendText = $"chance (1/{FigureText.Count(level.Classes)})";
        }

        plot.Axes.SetLimitsX(0, Math.Max(curves.Cutoffs.Max(), 1e-6) * 1.02);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Edge.Right);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);
        return new ReportFigure(
            text.Slug,
            analysis,
            text.Title,
            AltText(curves, models, chance, text),
            png,
            options.Width,
            options.Height,
            text.Caption + (chance is null ? string.Empty : " The dashed line is chance level."),
            Table(curves, models, text));
    }

    /// <summary>The curve's accuracy at <paramref name="at"/> by linear interpolation, held flat outside the measured range.</summary>
    internal static double Interpolate(List<(double Cutoff, double? Accuracy)> points, double at)
    {
        if (at <= points[0].Cutoff)
        {
            return points[0].Accuracy!.Value;
        }

        for (var i = 1; i < points.Count; i++)
        {
            if (at <= points[i].Cutoff)
            {
                var (x0, y0) = (points[i - 1].Cutoff, points[i - 1].Accuracy!.Value);
                var (x1, y1) = (points[i].Cutoff, points[i].Accuracy!.Value);
                return x1 == x0 ? y1 : y0 + ((y1 - y0) * (at - x0) / (x1 - x0));
            }
        }

        return points[^1].Accuracy!.Value;
    }

    private static string AltText(SweepCurves curves, List<string> models, FigureChance? chance, SweepFigureText words)
    {
        var text = new StringBuilder();
        text.Append(words.AltLead).Append(", ").Append(FigureText.Count(models.Count)).Append(models.Count == 1 ? " model" : " models")
            .Append(", ").Append(words.RangeName).Append(' ').Append(FigureText.Short(curves.Cutoffs.Min()))
            .Append(" to ").Append(FigureText.Short(curves.Cutoffs.Max())).Append(words.RangeUnit).Append('.');
        foreach (var model in models)
        {
            var points = curves.Points(model).Where(point => point.Accuracy is not null).ToList();
            text.Append(' ').Append(model).Append(": ");
            if (points.Count == 0)
            {
                text.Append("no defined accuracy");
            }
            else
            {
                text.Append("accuracy ").Append(FigureText.Short(points[0].Accuracy)).Append(words.PointWord).Append(FigureText.Short(points[0].Cutoff))
                    .Append(", ").Append(FigureText.Short(points[^1].Accuracy)).Append(words.PointWord).Append(FigureText.Short(points[^1].Cutoff));
            }

            text.Append(", ").Append(words.HalfMetric).Append(' ')
                .Append(curves.HasCutoffHalf(model) ? FigureText.Short(curves.CutoffHalf(model)) : "not measured").Append('.');
        }

        if (chance is { } level)
        {
            text.Append(" Chance level ").Append(FigureText.Short(level.Value)).Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable Table(SweepCurves curves, List<string> models, SweepFigureText text)
    {
        var values = curves.Cutoffs.Order().ToList();
        var columns = new List<string> { "Model" };
        columns.AddRange(values.Select(value => text.ColumnPrefix + FigureText.Exact(value)));
        columns.Add(text.HalfMetric);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in models)
        {
            var cells = new List<string> { model };
            foreach (var value in values)
            {
                cells.Add(curves.TryGetAccuracy(model, value, out var accuracy) ? FigureText.Exact(accuracy) : string.Empty);
            }

            cells.Add(curves.HasCutoffHalf(model) ? FigureText.Exact(curves.CutoffHalf(model)) : string.Empty);
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }
}
