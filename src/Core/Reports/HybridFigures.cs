using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the hybrid-image analysis per dataset: the seed-mean curves of p_low - p_high against
/// alpha with each model's f_rev marked, and a bar chart of mean f_rev per model coloured by group.
/// </summary>
internal sealed class HybridFigures(ReportFigureOptions options)
{
    public const string Analysis = "hybrid";
    public const string PLowMetric = "p_low";
    public const string PHighMetric = "p_high";
    public const string FRevMetric = "f_rev";
    public const string FRevStdMetric = "f_rev_std";

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        foreach (var dataset in index.Datasets)
        {
            var data = Collect(report, dataset);
            var curveModels = index.Models.Where(model => data.Curves.ContainsKey(model)).ToList();
            if (curveModels.Count > 0)
            {
                yield return CurveFigure(dataset, data, curveModels);
            }

            var barModels = index.Models.Where(model => data.FRev.ContainsKey(model)).ToList();
            if (barModels.Count > 0)
            {
                yield return FRevFigure(dataset, data, barModels, index);
            }
        }
    }

    private static HybridData Collect(RunReport report, string dataset)
    {
        var data = new HybridData();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset || FigureText.ParseCondition(row.Condition) is not { } pairs)
            {
                continue;
            }

            // Seed means: alpha and nothing else; per-seed rows (alpha and seed) are in the all-results table.
            if (pairs.Count == 1 && pairs.TryGetValue("alpha", out var alphaText) && FigureText.ParseNumber(alphaText) is { } alpha
                && (row.Metric == PLowMetric || row.Metric == PHighMetric))
            {
                if (!data.Curves.TryGetValue(row.Model, out var curve))
                {
                    curve = [];
                    data.Curves[row.Model] = curve;
                }

                var point = curve.GetValueOrDefault(alpha, new HybridPoint(false, null, false, null));
                curve[alpha] = row.Metric == PLowMetric
                    ? (point.HasLow ? point : point with { HasLow = true, Low = row.Value })
                    : (point.HasHigh ? point : point with { HasHigh = true, High = row.Value });
            }
            else if (pairs.Count == 0 && row.Metric == FRevMetric)
            {
                data.FRev.TryAdd(row.Model, (row.Value, row.N));
            }
            else if (pairs.Count == 0 && row.Metric == FRevStdMetric)
            {
                data.FRevStd.TryAdd(row.Model, row.Value);
            }
        }

        return data;
    }

    private ReportFigure CurveFigure(string dataset, HybridData data, List<string> models)
    {
        var title = $"Hybrid images on {dataset}: p_low \u2212 p_high vs alpha";
        using var plot = FigurePlot.Create(title, "alpha, mixing frequency (fraction of Nyquist)", "p_low \u2212 p_high (mean over seeds)");
        var alphas = models.SelectMany(model => data.Curves[model].Keys).Distinct().Order().ToList();
        var zero = plot.Add.HorizontalLine(0, 1, FigurePalette.Black);
        zero.LinePattern = LinePattern.Solid;
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            var points = data.Curves[model].Where(point => point.Value.Difference is not null).ToList();
            if (points.Count > 0)
            {
                var line = plot.Add.Scatter(points.Select(point => point.Key).ToArray(), points.Select(point => point.Value.Difference!.Value).ToArray());
                line.Color = FigurePalette.Series(i);
                line.LineWidth = 2;
                line.MarkerShape = FigurePalette.Marker(i);
                line.MarkerSize = 7;
                line.LegendText = model;
            }

            if (data.FRev.TryGetValue(model, out var fRev) && fRev.Value is { } crossing)
            {
                var marker = plot.Add.VerticalLine(crossing, 1.5f, FigurePalette.Series(i), LinePattern.Dotted);
                marker.ExcludeFromLegend = true;
            }
        }

        plot.Axes.SetLimitsX(0, Math.Max(alphas.Max(), 1e-6) * 1.02);
        plot.Axes.SetLimitsY(-1.05, 1.05);
        plot.ShowLegend(Edge.Right);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var caption = $"Hybrid images on {dataset} mix the low frequencies of one image with the high frequencies of another at alpha."
            + " Above zero the models follow the low-frequency image, below it the high-frequency one; curves are means over seeds."
            + " Dotted vertical lines in a model's colour mark its mean f_rev, where the curve first crosses zero (lower = stronger low-frequency preference).";
        return new ReportFigure(
            FigureText.Slug(Analysis, dataset, "curves"),
            Analysis,
            title,
            CurveAltText(dataset, data, models, alphas),
            png,
            options.Width,
            options.Height,
            caption,
            CurveTable(data, models, alphas));
    }

    private static string CurveAltText(string dataset, HybridData data, List<string> models, List<double> alphas)
    {
        var text = new StringBuilder();
        text.Append("Line plot of p_low minus p_high (mean over seeds) against alpha from ").Append(FigureText.Short(alphas[0]))
            .Append(" to ").Append(FigureText.Short(alphas[^1])).Append(" of Nyquist on ").Append(dataset).Append(" for ")
            .Append(FigureText.Count(models.Count)).Append(models.Count == 1 ? " model" : " models").Append(", with a zero line.");
        foreach (var model in models)
        {
            var points = data.Curves[model].Where(point => point.Value.Difference is not null).ToList();
            text.Append(' ').Append(model).Append(": ");
            if (points.Count == 0)
            {
                text.Append("no defined values");
            }
            else
            {
                text.Append(FigureText.Short(points[0].Value.Difference)).Append(" at alpha ").Append(FigureText.Short(points[0].Key))
                    .Append(", ").Append(FigureText.Short(points[^1].Value.Difference)).Append(" at alpha ").Append(FigureText.Short(points[^1].Key));
            }

            text.Append(", f_rev ").Append(data.FRev.TryGetValue(model, out var fRev) ? FigureText.Short(fRev.Value) : "not measured").Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable CurveTable(HybridData data, List<string> models, List<double> alphas)
    {
        var columns = new List<string> { "Model" };
        columns.AddRange(alphas.Select(alpha => "alpha " + FigureText.Exact(alpha)));
        columns.Add(FRevMetric);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in models)
        {
            var cells = new List<string> { model };
            foreach (var alpha in alphas)
            {
                cells.Add(data.Curves[model].TryGetValue(alpha, out var point) && point.HasLow && point.HasHigh
                    ? FigureText.Derived(point.Difference)
                    : string.Empty);
            }

            cells.Add(data.FRev.TryGetValue(model, out var fRev) ? FigureText.Exact(fRev.Value) : string.Empty);
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    private ReportFigure FRevFigure(string dataset, HybridData data, List<string> models, ReportIndex index)
    {
        var title = $"Hybrid images on {dataset}: mean f_rev per model";
        using var plot = FigurePlot.Create(title, "model", "f_rev (fraction of Nyquist)");
        var groups = models.Select(model => index.Card(model)?.Group).ToList();
        var colors = FigurePalette.GroupColors(groups);
        var bars = new List<Bar>();
        var top = 0.0;
        for (var i = 0; i < models.Count; i++)
        {
            var (value, _) = data.FRev[models[i]];
            var std = data.FRevStd.GetValueOrDefault(models[i]);
            if (value is { } mean && double.IsFinite(mean))
            {
                var error = std is { } deviation && double.IsFinite(deviation) ? deviation : 0;
                bars.Add(new Bar
                {
                    Position = i,
                    Value = mean,
                    Error = error,
                    FillColor = colors[groups[i] ?? FigurePalette.NoGroupLabel],
                    LineColor = FigurePalette.Black,
                    LineWidth = 1,
                });
                top = Math.Max(top, mean + error);
            }
            else
            {
                // No bar for a curve that never crosses; say so where the bar would be.
                var none = plot.Add.Text(ReportFigureTable.None, i, 0);
                none.LabelFontName = Fonts.ReportFont.Name;
                none.LabelFontSize = FigurePlot.TickSize;
                none.LabelFontColor = FigurePalette.Black;
                none.LabelAlignment = Alignment.LowerCenter;
            }
        }

        if (bars.Count > 0)
        {
            plot.Add.Bars(bars);
        }

        plot.Axes.SetLimitsX(-0.6, models.Count - 0.4);
        plot.Axes.SetLimitsY(0, Math.Max(top * 1.2, 0.1));
        foreach (var (group, color) in colors)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = group, FillColor = color, LineColor = FigurePalette.Black, LineWidth = 1 });
        }

        plot.ShowLegend(Edge.Right);
        FigureCategoryTicks.Apply(plot, models, options.Width, options.Height);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var caption = $"Mean f_rev over seeds per model on {dataset}, coloured by model group; error bars are one standard deviation over seeds."
            + " A model marked \"none\" has a curve that never crosses zero.";
        return new ReportFigure(
            FigureText.Slug(Analysis, dataset, "f-rev"),
            Analysis,
            title,
            FRevAltText(dataset, data, models, groups),
            png,
            options.Width,
            options.Height,
            caption,
            FRevTable(data, models, groups));
    }

    private static string FRevAltText(string dataset, HybridData data, List<string> models, List<string?> groups)
    {
        var text = new StringBuilder();
        text.Append("Bar chart of mean f_rev over seeds per model on ").Append(dataset).Append(", bars coloured by model group, error bars one standard deviation.");
        for (var i = 0; i < models.Count; i++)
        {
            var (value, _) = data.FRev[models[i]];
            text.Append(' ').Append(models[i]).Append(" (").Append(groups[i] ?? FigurePalette.NoGroupLabel).Append("): ");
            text.Append(value is null ? "none, never crosses zero" : FigureText.Short(value));
            if (value is not null && data.FRevStd.GetValueOrDefault(models[i]) is { } std)
            {
                text.Append(" \u00b1 ").Append(FigureText.Short(std));
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable FRevTable(HybridData data, List<string> models, List<string?> groups)
    {
        var rows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < models.Count; i++)
        {
            var (value, n) = data.FRev[models[i]];
            rows.Add(
            [
                models[i],
                groups[i] ?? FigurePalette.NoGroupLabel,
                FigureText.Exact(value),
                data.FRevStd.TryGetValue(models[i], out var std) ? FigureText.Exact(std) : string.Empty,
                FigureText.Count(n),
            ]);
        }

        return new ReportFigureTable(["Model", "Group", "Mean f_rev", "f_rev std", "n"], rows);
    }
}
