using System.Collections.Immutable;
using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the noise analysis: per dataset and noise family, top-1 accuracy against the noise level with
/// one line per model, the chance level, and each curve's level_half marked, drawn as the frequency sweep's.
/// </summary>
/// <remarks>The curves are held in <see cref="SweepCurves"/> keyed by family; its "cutoff" axis is the noise level here.</remarks>
internal sealed class NoiseSweepFigures(ReportFigureOptions options)
{
    public const string Analysis = "noise";
    public const string AccuracyMetric = "accuracy";
    public const string LevelHalfMetric = "level_half";

    private const string NoiseKey = "noise";
    private const string LevelKey = "level";

    private static readonly ImmutableArray<string> FamilyOrder = ["gaussian", "uniform", "salt-pepper"];

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        foreach (var dataset in index.Datasets)
        {
            var chance = FigureChance.Of(report, dataset);
            foreach (var curve in Collect(report, dataset).OrderBy(entry => Rank(entry.Filter)).ThenBy(entry => entry.Filter, StringComparer.Ordinal))
            {
                yield return Figure(dataset, curve, index.Models, chance);
            }
        }
    }

    private static int Rank(string family)
    {
        var rank = FamilyOrder.IndexOf(family);
        return rank < 0 ? FamilyOrder.Length : rank;
    }

    private static List<SweepCurves> Collect(RunReport report, string dataset)
    {
        var curves = new List<SweepCurves>();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset
                || FigureText.ParseCondition(row.Condition) is not { } pairs
                || !pairs.TryGetValue(NoiseKey, out var family))
            {
                continue;
            }

            var curve = curves.Find(entry => entry.Filter == family);
            if (row.Metric == AccuracyMetric && pairs.TryGetValue(LevelKey, out var levelText) && FigureText.ParseNumber(levelText) is { } level)
            {
                curve ??= Add(curves, family);
                curve.AddPoint(row.Model, level, row.Value);
            }
            else if (row.Metric == LevelHalfMetric && !pairs.ContainsKey(LevelKey))
            {
                curve ??= Add(curves, family);
                curve.SetCutoffHalf(row.Model, row.Value);
            }
        }

        curves.RemoveAll(entry => entry.Cutoffs.Count == 0);
        return curves;

        static SweepCurves Add(List<SweepCurves> curves, string family)
        {
            var created = new SweepCurves(family, string.Empty);
            curves.Add(created);
            return created;
        }
    }

    /// <summary>What the level of a family is, for axis labels and text.</summary>
    private static string LevelName(string family) => family switch
    {
        "gaussian" => "sigma",
        "uniform" => "half-width w",
        "salt-pepper" => "density p",
        _ => "level",
    };

    private static string FamilyTitle(string family) => family switch
    {
        "gaussian" => "Gaussian noise",
        "uniform" => "Uniform noise",
        "salt-pepper" => "Salt-and-pepper noise",
        _ => family + " noise",
    };

    private ReportFigure Figure(string dataset, SweepCurves curves, IReadOnlyList<string> modelOrder, FigureChance? chance)
    {
        var family = curves.Filter;
        var models = modelOrder.Where(curves.HasModel).ToList();
        var title = $"{FamilyTitle(family)} on {dataset}: accuracy vs {LevelName(family)}";
        using var plot = FigurePlot.Create(title, $"{LevelName(family)} (pixel values in [0, 1])", "top-1 accuracy");
        var halves = new List<(double Level, double Accuracy)>();
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
                halves.Add((half, FrequencySweepFigures.Interpolate(points, half)));
            }
        }

        // After the lines, so the markers draw on top and list once, after the models, in the legend.
        for (var i = 0; i < halves.Count; i++)
        {
            var marker = plot.Add.Marker(halves[i].Level, halves[i].Accuracy, MarkerShape.OpenDiamond, 16, FigurePalette.Black);
            marker.MarkerLineWidth = 2;
            marker.LegendText = i == 0 ? LevelHalfMetric : string.Empty;
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

        var caption = $"Top-1 accuracy under {FamilyTitle(family).ToLowerInvariant()} against its {LevelName(family)}, added to images in [0, 1] before normalization and clipped, on {dataset}; one line per model."
            + " Open diamonds mark level_half, where accuracy crosses half-way between clean and chance."
            + (chance is null ? string.Empty : " The dashed line is chance level.");
        return new ReportFigure(
            FigureText.Slug(Analysis, dataset, family),
            Analysis,
            title,
            AltText(dataset, curves, models, chance),
            png,
            options.Width,
            options.Height,
            caption,
            Table(curves, models));
    }

    private static string AltText(string dataset, SweepCurves curves, List<string> models, FigureChance? chance)
    {
        var family = curves.Filter;
        var text = new StringBuilder();
        text.Append("Line plot of top-1 accuracy against ").Append(LevelName(family)).Append(" of ").Append(FamilyTitle(family).ToLowerInvariant())
            .Append(" on ").Append(dataset).Append(", ").Append(FigureText.Count(models.Count)).Append(models.Count == 1 ? " model" : " models")
            .Append(", levels ").Append(FigureText.Short(curves.Cutoffs.Min())).Append(" to ").Append(FigureText.Short(curves.Cutoffs.Max())).Append('.');
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
                text.Append("accuracy ").Append(FigureText.Short(points[0].Accuracy)).Append(" at ").Append(FigureText.Short(points[0].Cutoff))
                    .Append(", ").Append(FigureText.Short(points[^1].Accuracy)).Append(" at ").Append(FigureText.Short(points[^1].Cutoff));
            }

            text.Append(", level_half ").Append(curves.HasCutoffHalf(model) ? FigureText.Short(curves.CutoffHalf(model)) : "not measured").Append('.');
        }

        if (chance is { } level)
        {
            text.Append(" Chance level ").Append(FigureText.Short(level.Value)).Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable Table(SweepCurves curves, List<string> models)
    {
        var levels = curves.Cutoffs.Order().ToList();
        var columns = new List<string> { "Model" };
        columns.AddRange(levels.Select(level => LevelName(curves.Filter) + " " + FigureText.Exact(level)));
        columns.Add(LevelHalfMetric);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in models)
        {
            var cells = new List<string> { model };
            foreach (var level in levels)
            {
                cells.Add(curves.TryGetAccuracy(model, level, out var accuracy) ? FigureText.Exact(accuracy) : string.Empty);
            }

            cells.Add(curves.HasCutoffHalf(model) ? FigureText.Exact(curves.CutoffHalf(model)) : string.Empty);
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }
}
