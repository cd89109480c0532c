using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the Fourier heat map analysis (Yin et al. 2019): per dataset and model, the error rate under a
/// Fourier basis perturbation of each frequency as a heat map over (fx, fy), DC at the centre, on the Viridis
/// scale from 0 to 1, with the cells in a table. Figure ids are <c>fourier-heatmap-DATASET-MODEL</c> (slugs), so
/// other sections (the study) can find them; the figures of one dataset come one model after the other.
/// </summary>
internal sealed class FourierHeatmapFigures(ReportFigureOptions options)
{
    public const string Analysis = "fourier-heatmap";
    public const string AccuracyMetric = "accuracy";
    public const string ErrorRateMetric = "error_rate";
    public const string PerturbationMetric = "perturbation_l2";

    /// <summary>The id of the heat map of <paramref name="model"/> on <paramref name="dataset"/> (before de-duplication).</summary>
    public static string FigureId(string dataset, string model) => FigureText.Slug(Analysis, dataset, model);

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dataset in index.Datasets)
        {
            var data = Collect(report, dataset);
            foreach (var model in index.Models.Where(model => data.Maps.ContainsKey(model)))
            {
                yield return MapFigure(dataset, model, data, FigureText.UniqueId(usedIds, FigureId(dataset, model)));
            }
        }
    }

    private static HeatmapData Collect(RunReport report, string dataset)
    {
        var data = new HeatmapData();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset || FigureText.ParseCondition(row.Condition) is not { } pairs)
            {
                continue;
            }

            if (pairs.Count == 0)
            {
                if (row.Metric is AccuracyMetric or PerturbationMetric)
                {
                    data.Summaries.TryAdd((row.Model, row.Metric), row.Value);
                }
            }
            else if (pairs.Count == 1 && row.Metric == ErrorRateMetric && pairs.TryGetValue("band", out var band))
            {
                data.Summaries.TryAdd((row.Model, "band=" + band), row.Value);
            }
            else if (pairs.Count == 2 && row.Metric == ErrorRateMetric
                && pairs.TryGetValue("fy", out var fyText) && FigureText.ParseNumber(fyText) is { } fy
                && pairs.TryGetValue("fx", out var fxText) && FigureText.ParseNumber(fxText) is { } fx)
            {
                if (!data.Maps.TryGetValue(row.Model, out var map))
                {
                    map = [];
                    data.Maps[row.Model] = map;
                }

                // First row wins, as in the other figures; the all-results table shows any duplicate.
                map.TryAdd((fy, fx), row.Value);
            }
        }

        return data;
    }

    private ReportFigure MapFigure(string dataset, string model, HeatmapData data, string id)
    {
        var map = data.Maps[model];

        // Rows from the highest fy (top) down, columns from the lowest fx; the grid is the analysis's, evenly spaced.
        var fys = map.Keys.Select(key => key.Fy).Distinct().OrderDescending().ToList();
        var fxs = map.Keys.Select(key => key.Fx).Distinct().Order().ToList();
        var intensities = new double[fys.Count, fxs.Count];
        for (var r = 0; r < fys.Count; r++)
        {
            for (var c = 0; c < fxs.Count; c++)
            {
                intensities[r, c] = map.GetValueOrDefault((fys[r], fxs[c])) is { } value && double.IsFinite(value) ? value : double.NaN;
            }
        }

        var stepX = Step(fxs);
        var stepY = Step(fys);
        var title = $"{model}: Fourier heat map, {dataset}";
        using var plot = FigurePlot.Create(title, "fx (fraction of Nyquist)", "fy (fraction of Nyquist)");
        var rectangle = new CoordinateRect(fxs[0] - (stepX / 2), fxs[^1] + (stepX / 2), fys[^1] - (stepY / 2), fys[0] + (stepY / 2));
        FigureHeatmap.Add(plot, intensities, new ScottPlot.Range(0, 1), rectangle, "error rate");
        plot.Axes.SetLimits(rectangle.Left, rectangle.Right, rectangle.Bottom, rectangle.Top);
        plot.HideGrid();

        // Square cells: the map's side plus room for the axis labels and the colour bar.
        var height = options.Height;
        var width = Math.Min(options.Width, height + 170);
        var png = FigurePlot.RenderPng(plot, width, height);

        var v = data.Summaries.GetValueOrDefault((model, PerturbationMetric));
        var caption = $"Error rate of {model} on {dataset} when each image gets a Fourier basis image of one frequency"
            + $" (unit L2 norm, scaled by v = {FigureText.Short(v)}, a random sign per channel, then clipped to [0, 1]), one cell per frequency"
            + " of the shifted spectrum: DC at the centre, axes as fractions of Nyquist. Viridis from 0 (dark) to 1 (yellow); cells without a value are grey."
            + " The map is symmetric about DC: (fx, fy) and (-fx, -fy) are the same basis image.";
        return new ReportFigure(id, Analysis, title, AltText(dataset, model, data, map, fys, fxs), png, width, height, caption, Table(map, fys, fxs));
    }

    private static double Step(List<double> values) =>
        values.Count > 1 ? Math.Abs(values[^1] - values[0]) / (values.Count - 1) : 2.0 / 32;

    private static string AltText(string dataset, string model, HeatmapData data, Dictionary<(double Fy, double Fx), double?> map, List<double> fys, List<double> fxs)
    {
        var text = new StringBuilder();
        text.Append("Heat map of ").Append(model).Append("'s error rate on ").Append(dataset)
            .Append(" under Fourier basis perturbations, DC at the centre, ").Append(FigureText.Count(fys.Count)).Append(" x ").Append(FigureText.Count(fxs.Count))
            .Append(" frequencies from ").Append(FigureText.Short(fxs.Min())).Append(" to ").Append(FigureText.Short(fxs.Max())).Append(" of Nyquist");
        var finite = map.Where(cell => cell.Value is { } value && double.IsFinite(value)).ToList();
        if (finite.Count > 0)
        {
            var worst = finite.MaxBy(cell => cell.Value!.Value);
            var best = finite.MinBy(cell => cell.Value!.Value);
            text.Append(", error rate from ").Append(FigureText.Short(best.Value)).Append(" to ").Append(FigureText.Short(worst.Value))
                .Append(", highest at fy ").Append(FigureText.Short(worst.Key.Fy)).Append(", fx ").Append(FigureText.Short(worst.Key.Fx));
        }
        else
        {
            text.Append(", no defined values");
        }

        text.Append('.');
        if (data.Summaries.TryGetValue((model, AccuracyMetric), out var clean))
        {
            text.Append(" Clean error rate ").Append(FigureText.Short(clean is { } accuracy ? 1 - accuracy : null)).Append('.');
        }

        var bands = new[] { "low", "mid", "high" }.Where(band => data.Summaries.ContainsKey((model, "band=" + band))).ToList();
        if (bands.Count > 0)
        {
            text.Append(" Mean error rate by band: ")
                .Append(string.Join(", ", bands.Select(band => band + " " + FigureText.Short(data.Summaries[(model, "band=" + band)]))))
                .Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable Table(Dictionary<(double Fy, double Fx), double?> map, List<double> fys, List<double> fxs)
    {
        var columns = new List<string> { "fy \\ fx" };
        columns.AddRange(fxs.Select(fx => "fx " + FigureText.Exact(fx)));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var fy in fys)
        {
            var cells = new List<string> { "fy " + FigureText.Exact(fy) };
            cells.AddRange(fxs.Select(fx => map.TryGetValue((fy, fx), out var value) ? FigureText.Exact(value) : string.Empty));
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    private sealed class HeatmapData
    {
        /// <summary>Error rate per (fy, fx) per model.</summary>
        public Dictionary<string, Dictionary<(double Fy, double Fx), double?>> Maps { get; } = new(StringComparer.Ordinal);

        /// <summary>accuracy, perturbation_l2 and band=.. error rates per (model, key).</summary>
        public Dictionary<(string Model, string Key), double?> Summaries { get; } = [];
    }
}
