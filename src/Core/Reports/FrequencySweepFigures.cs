using System.Collections.Immutable;
using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the frequency-sweep analysis: per dataset and (filter, shape), top-1 accuracy against
/// the cutoff with one line per model, the chance level, and each curve's cutoff_half marked.
/// </summary>
internal sealed class FrequencySweepFigures(ReportFigureOptions options)
{
    public const string Analysis = "frequency-sweep";
    public const string AccuracyMetric = "accuracy";
    public const string CutoffHalfMetric = "cutoff_half";

    private static readonly ImmutableArray<string> FilterOrder = ["lowpass", "highpass"];
    private static readonly ImmutableArray<string> ShapeOrder = ["ideal", "gaussian", "butterworth"];

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        foreach (var dataset in index.Datasets)
        {
            var curves = Collect(report, dataset);
            var chance = FigureChance.Of(report, dataset);
            foreach (var curve in curves
                .OrderBy(entry => Rank(FilterOrder, entry.Filter))
                .ThenBy(entry => Rank(ShapeOrder, entry.Shape)))
            {
                yield return Figure(dataset, curve, index.Models, chance);
            }
        }
    }

    private static int Rank(ImmutableArray<string> order, string value)
    {
        var rank = order.IndexOf(value);
        return rank < 0 ? order.Length : rank;
    }

    private static List<SweepCurves> Collect(RunReport report, string dataset)
    {
        var curves = new List<SweepCurves>();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset
                || FigureText.ParseCondition(row.Condition) is not { } pairs
                || !pairs.TryGetValue("filter", out var filter) || !pairs.TryGetValue("shape", out var shape))
            {
                continue;
            }

            var curve = curves.Find(entry => entry.Filter == filter && entry.Shape == shape);
            if (row.Metric == AccuracyMetric && pairs.TryGetValue("cutoff", out var cutoffText) && FigureText.ParseNumber(cutoffText) is { } cutoff)
            {
                curve ??= Add(curves, filter, shape);
                curve.AddPoint(row.Model, cutoff, row.Value);
            }
            else if (row.Metric == CutoffHalfMetric && !pairs.ContainsKey("cutoff"))
            {
                curve ??= Add(curves, filter, shape);
                curve.SetCutoffHalf(row.Model, row.Value);
            }
        }

        // A (filter, shape) with only summary rows has nothing to draw.
        curves.RemoveAll(entry => entry.Cutoffs.Count == 0);
        return curves;

        static SweepCurves Add(List<SweepCurves> curves, string filter, string shape)
        {
            var created = new SweepCurves(filter, shape);
            curves.Add(created);
            return created;
        }
    }

    private ReportFigure Figure(string dataset, SweepCurves curves, IReadOnlyList<string> modelOrder, FigureChance? chance)
    {
        var models = modelOrder.Where(curves.HasModel).ToList();
        var filterWord = curves.Filter switch
        {
            "lowpass" => "Low-pass",
            "highpass" => "High-pass",
            _ => curves.Filter,
        };
        var title = $"{filterWord} ({curves.Shape}) on {dataset}: accuracy vs cutoff";
        using var plot = FigurePlot.Create(title, "cutoff (fraction of Nyquist)", "top-1 accuracy");
        var cutoffHalves = new List<(double Cutoff, double Accuracy)>();
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            var points = curves.Points(model).Where(point => point.Accuracy is not null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points.Select(point => point.Cutoff).ToArray(), points.Select(point => point.Accuracy!.Value).ToArray());
            line.Color = FigurePalette.Series(i);
            line.LineWidth = 2;
            line.MarkerShape = FigurePalette.Marker(i);
            line.MarkerSize = 7;
            line.LegendText = model;
            if (curves.CutoffHalf(model) is { } half)
            {
                cutoffHalves.Add((half, Interpolate(points, half)));
            }
        }

        // Added after the lines so they draw on top and list once, after the models, in the legend.
        for (var i = 0; i < cutoffHalves.Count; i++)
        {
            var marker = plot.Add.Marker(cutoffHalves[i].Cutoff, cutoffHalves[i].Accuracy, MarkerShape.OpenDiamond, 16, FigurePalette.Black);
            marker.MarkerLineWidth = 2;
            marker.LegendText = i == 0 ? CutoffHalfMetric : string.Empty;
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

        var caption = $"Top-1 accuracy of {FilterNoun(curves.Filter)} images ({curves.Shape} filter) against the cutoff, a fraction of Nyquist, on {dataset}; one line per model."
            + " Open diamonds mark cutoff_half, where accuracy crosses half-way between clean and chance."
            + (chance is null ? string.Empty : " The dashed line is chance level.");
        return new ReportFigure(
            FigureText.Slug(Analysis, dataset, curves.Filter, curves.Shape),
            Analysis,
            title,
            AltText(dataset, curves, models, chance),
            png,
            options.Width,
            options.Height,
            caption,
            Table(curves, models));
    }

    private static string FilterNoun(string filter) => filter switch
    {
        "lowpass" => "low-pass filtered",
        "highpass" => "high-pass filtered",
        _ => filter + " filtered",
    };

    private static string AltText(string dataset, SweepCurves curves, List<string> models, FigureChance? chance)
    {
        var text = new StringBuilder();
        text.Append("Line plot of top-1 accuracy against cutoff for ").Append(FilterNoun(curves.Filter)).Append(" images (")
            .Append(curves.Shape).Append(" filter) on ").Append(dataset).Append(", ").Append(FigureText.Count(models.Count))
            .Append(models.Count == 1 ? " model" : " models").Append(", cutoffs ").Append(FigureText.Short(curves.Cutoffs.Min()))
            .Append(" to ").Append(FigureText.Short(curves.Cutoffs.Max())).Append(" of Nyquist.");
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
                text.Append("accuracy ").Append(FigureText.Short(points[0].Accuracy)).Append(" at cutoff ").Append(FigureText.Short(points[0].Cutoff))
                    .Append(", ").Append(FigureText.Short(points[^1].Accuracy)).Append(" at cutoff ").Append(FigureText.Short(points[^1].Cutoff));
            }

            text.Append(", cutoff_half ").Append(curves.HasCutoffHalf(model) ? FigureText.Short(curves.CutoffHalf(model)) : "not measured").Append('.');
        }

        if (chance is { } level)
        {
            text.Append(" Chance level ").Append(FigureText.Short(level.Value)).Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable Table(SweepCurves curves, List<string> models)
    {
        var cutoffs = curves.Cutoffs.Order().ToList();
        var columns = new List<string> { "Model" };
        columns.AddRange(cutoffs.Select(cutoff => "cutoff " + FigureText.Exact(cutoff)));
        columns.Add(CutoffHalfMetric);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in models)
        {
            var cells = new List<string> { model };
            foreach (var cutoff in cutoffs)
            {
                cells.Add(curves.TryGetAccuracy(model, cutoff, out var accuracy) ? FigureText.Exact(accuracy) : string.Empty);
            }

            cells.Add(curves.HasCutoffHalf(model) ? FigureText.Exact(curves.CutoffHalf(model)) : string.Empty);
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    /// <summary>The curve's accuracy at <paramref name="cutoff"/> by linear interpolation, held flat outside the measured range (also the noise sweep's level_half markers).</summary>
    internal static double Interpolate(List<(double Cutoff, double? Accuracy)> points, double cutoff)
    {
        if (cutoff <= points[0].Cutoff)
        {
            return points[0].Accuracy!.Value;
        }

        for (var i = 1; i < points.Count; i++)
        {
            if (cutoff <= points[i].Cutoff)
            {
                var (x0, y0) = (points[i - 1].Cutoff, points[i - 1].Accuracy!.Value);
                var (x1, y1) = (points[i].Cutoff, points[i].Accuracy!.Value);
                return x1 == x0 ? y1 : y0 + ((y1 - y0) * (cutoff - x0) / (x1 - x0));
            }
        }

        return points[^1].Accuracy!.Value;
    }
}
