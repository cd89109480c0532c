using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the minimal-perturbation analysis per dataset and attack setting (norm, targeted): the radial
/// cumulative power ratio of the minimal perturbations against the cutoff with each model's f0.5 marked, the
/// attack's success rate against the budget, and per model the shifted log10 power spectrum as a heat map.
/// </summary>
internal sealed class MinPerturbationFigures(ReportFigureOptions options)
{
    public const string Analysis = "min-perturbation";
    public const string AccuracyMetric = "accuracy";
    public const string SuccessRateMetric = "success_rate";
    public const string MedianEpsilonMetric = "median_epsilon";
    public const string MeanEpsilonMetric = "mean_epsilon";
    public const string FHalfMetric = "f_half";
    public const string CumulativePowerMetric = "cumulative_power";
    public const string Log10PowerMetric = "log10_power";

    /// <summary>The largest cutoff there is: the corners of the spectrum, sqrt(2) of Nyquist.</summary>
    private const double CornerCutoff = 1.4142135623730951;

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dataset in index.Datasets)
        {
            var data = Collect(report, dataset);
            foreach (var setting in data.Settings)
            {
                var settingSlug = FigureText.Slug(setting.Norm, setting.Targeted == "true" ? "targeted" : setting.Targeted == "false" ? "untargeted" : "targeted-" + setting.Targeted);
                var powerModels = index.Models.Where(model => data.Cumulative.ContainsKey((setting, model)) || data.Summaries.ContainsKey((setting, model, FHalfMetric))).ToList();
                if (powerModels.Count > 0)
                {
                    yield return CumulativeFigure(dataset, setting, data, powerModels, index, FigureText.UniqueId(usedIds, FigureText.Slug(Analysis, dataset, settingSlug, "cumulative-power")));
                }

                var successModels = index.Models.Where(model => data.Success.ContainsKey((setting, model))).ToList();
                if (successModels.Count > 0)
                {
                    yield return SuccessFigure(dataset, setting, data, successModels, index, FigureText.UniqueId(usedIds, FigureText.Slug(Analysis, dataset, settingSlug, "success-rate")));
                }

                foreach (var model in index.Models.Where(model => data.Spectra.ContainsKey((setting, model))))
                {
                    yield return SpectrumFigure(dataset, setting, model, data, FigureText.UniqueId(usedIds, FigureText.Slug(Analysis, dataset, settingSlug, "spectrum", model)));
                }
            }
        }
    }

    private static MinPerturbationData Collect(RunReport report, string dataset)
    {
        var data = new MinPerturbationData();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset || FigureText.ParseCondition(row.Condition) is not { } pairs)
            {
                continue;
            }

            if (pairs.Count == 0)
            {
                if (row.Metric == AccuracyMetric)
                {
                    data.Clean.TryAdd(row.Model, row.Value);
                }

                continue;
            }

            if (!pairs.TryGetValue("norm", out var norm) || !pairs.TryGetValue("targeted", out var targeted))
            {
                continue;
            }

            // First row wins, as in the other figures; the all-results table shows any duplicate.
            var setting = new Setting(norm, targeted);
            var key = (setting, row.Model);
            if (pairs.Count == 2 && row.Metric is SuccessRateMetric or MedianEpsilonMetric or MeanEpsilonMetric or FHalfMetric)
            {
                data.AddSetting(setting);
                data.Summaries.TryAdd((setting, row.Model, row.Metric), row.Value);
            }
            else if (pairs.Count == 3 && row.Metric == SuccessRateMetric && pairs.TryGetValue("eps", out var epsText) && FigureText.ParseNumber(epsText) is { } epsilon)
            {
                data.AddSetting(setting);
                Points(data.Success, key).TryAdd(epsilon, row.Value);
            }
            else if (pairs.Count == 3 && row.Metric == CumulativePowerMetric && pairs.TryGetValue("radius", out var radiusText) && FigureText.ParseNumber(radiusText) is { } radius)
            {
                data.AddSetting(setting);
                Points(data.Cumulative, key).TryAdd(radius, row.Value);
            }
            else if (pairs.Count == 4 && row.Metric == Log10PowerMetric
                && pairs.TryGetValue("fy", out var fyText) && FigureText.ParseNumber(fyText) is { } fy
                && pairs.TryGetValue("fx", out var fxText) && FigureText.ParseNumber(fxText) is { } fx)
            {
                data.AddSetting(setting);
                if (!data.Spectra.TryGetValue(key, out var spectrum))
                {
                    spectrum = [];
                    data.Spectra[key] = spectrum;
                }

                spectrum.TryAdd((fy, fx), row.Value);
            }
        }

        return data;
    }

    private static SortedDictionary<double, double?> Points(Dictionary<(Setting, string), SortedDictionary<double, double?>> curves, (Setting, string) key)
    {
        if (!curves.TryGetValue(key, out var points))
        {
            points = [];
            curves[key] = points;
        }

        return points;
    }

    private static string SettingText(Setting setting) =>
        (setting.Targeted == "true" ? "targeted " : setting.Targeted == "false" ? "untargeted " : string.Empty) + FigureBudgets.NormLabel(setting.Norm);

    private ReportFigure CumulativeFigure(string dataset, Setting setting, MinPerturbationData data, List<string> models, ReportIndex index, string id)
    {
        var settingText = SettingText(setting);
        var title = $"Minimal perturbations on {dataset} ({settingText}): cumulative power";
        using var plot = FigurePlot.Create(title, "cutoff (fraction of Nyquist)", "share of the power below the cutoff");
        var radii = models.SelectMany(model => data.Cumulative.TryGetValue((setting, model), out var points) ? points.Keys : Enumerable.Empty<double>()).Distinct().Order().ToList();
        var half = plot.Add.HorizontalLine(0.5, 1.5f, FigurePalette.NoGroup, LinePattern.Dashed);
        half.LegendText = "0.5 level";
        var anyFHalf = false;
        foreach (var model in models)
        {
            var slot = FigureSeries.Slot(index, model);
            if (data.Cumulative.TryGetValue((setting, model), out var curve))
            {
                var points = curve.Where(point => point.Value is { } value && double.IsFinite(value)).Select(point => (point.Key, point.Value!.Value)).ToList();
                if (points.Count > 0)
                {
                    FigureSeries.AddLine(plot, points, slot, model);
                }
            }

            if (data.Summaries.GetValueOrDefault((setting, model, FHalfMetric)) is { } fHalf && double.IsFinite(fHalf))
            {
                var marker = plot.Add.VerticalLine(fHalf, 1.5f, FigurePalette.Series(slot), LinePattern.Dashed);
                marker.ExcludeFromLegend = true;
                anyFHalf = true;
            }
        }

        if (anyFHalf)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "f0.5", LineColor = FigurePalette.Black, LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
        }

        plot.Axes.SetLimitsX(0, Math.Max(radii.Count > 0 ? radii[^1] : 0, CornerCutoff) * 1.02);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Edge.Right);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var caption = $"Radial cumulative power of the minimal {settingText} adversarial perturbations on {dataset}: the share of their power"
            + " (DC excluded, averaged over images and channels) at frequencies up to the cutoff, a fraction of Nyquist (1 is the inscribed disc, about 1.41 the corners)."
            + " Dashed vertical lines in a model's colour mark its f0.5, where the curve crosses half of the power (grey dashed line); a lower f0.5 means lower-frequency perturbations."
            + " A model without a line has an undefined f0.5 (\"none\" in the table).";
        return new ReportFigure(
            id,
            Analysis,
            title,
            CumulativeAltText(dataset, settingText, setting, data, models, radii),
            png,
            options.Width,
            options.Height,
            caption,
            CumulativeTable(setting, data, models, radii));
    }

    private static string CumulativeAltText(string dataset, string settingText, Setting setting, MinPerturbationData data, List<string> models, List<double> radii)
    {
        var text = new StringBuilder();
        text.Append("Line plot of the radial cumulative power ratio of minimal ").Append(settingText).Append(" perturbations on ").Append(dataset)
            .Append(" against the cutoff");
        if (radii.Count > 0)
        {
            text.Append(" from ").Append(FigureText.Short(radii[0])).Append(" to ").Append(FigureText.Short(radii[^1])).Append(" of Nyquist");
        }

        text.Append(" for ").Append(FigureText.Count(models.Count)).Append(models.Count == 1 ? " model" : " models").Append(", with the 0.5 level and each model's f0.5 marked.");
        foreach (var model in models)
        {
            text.Append(' ').Append(model).Append(": f0.5 ")
                .Append(data.Summaries.TryGetValue((setting, model, FHalfMetric), out var fHalf) ? FigureText.Short(fHalf) : "not measured");
            if (data.Cumulative.TryGetValue((setting, model), out var points) && points.GetValueOrDefault(0.5) is { } share)
            {
                text.Append(", ").Append(FigureText.Short(share)).Append(" of the power below half of Nyquist");
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable CumulativeTable(Setting setting, MinPerturbationData data, List<string> models, List<double> radii)
    {
        var columns = new List<string> { "Model" };
        columns.AddRange(radii.Select(radius => "cutoff " + FigureText.Exact(radius)));
        columns.Add(FHalfMetric);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in models)
        {
            var curve = data.Cumulative.GetValueOrDefault((setting, model));
            var cells = new List<string> { model };
            cells.AddRange(radii.Select(radius => curve is not null && curve.TryGetValue(radius, out var value) ? FigureText.Exact(value) : string.Empty));
            cells.Add(data.Summaries.TryGetValue((setting, model, FHalfMetric), out var fHalf) ? FigureText.Exact(fHalf) : string.Empty);
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    private ReportFigure SuccessFigure(string dataset, Setting setting, MinPerturbationData data, List<string> models, ReportIndex index, string id)
    {
        var settingText = SettingText(setting);
        var normLabel = FigureBudgets.NormLabel(setting.Norm);
        var title = $"Minimal perturbations on {dataset} ({settingText}): success rate vs budget";
        using var plot = FigurePlot.Create(title, $"{normLabel} budget epsilon", "share of attacked images fooled within the budget");
        var budgets = models.SelectMany(model => data.Success[(setting, model)].Keys).Distinct().Order().ToList();
        foreach (var model in models)
        {
            var points = data.Success[(setting, model)].Where(point => point.Value is { } value && double.IsFinite(value)).Select(point => (point.Key, point.Value!.Value)).ToList();
            if (points.Count > 0)
            {
                FigureSeries.AddLine(plot, points, FigureSeries.Slot(index, model), model);
            }
        }

        var right = Math.Max(budgets.Count > 0 ? budgets[^1] : 0, 1e-6);
        plot.Axes.SetLimitsX(Math.Min(budgets.Count > 0 ? budgets[0] : 0, 0) - (0.02 * right), right * 1.03);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Edge.Right);
        FigureValueTicks.Apply(plot, [.. budgets.Select(budget => (budget, FigureBudgets.Label(budget)))], options.Width, options.Height);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var caption = $"Success rate of the minimal {settingText} attack on {dataset} against the {normLabel} budget: the share of the attacked images"
            + " (those classified correctly) whose minimal adversarial perturbation is at most the budget; one line per model."
            + " Budgets that are whole 255ths are written k/255; crowded tick labels are left out, the table has every budget.";
        return new ReportFigure(
            id,
            Analysis,
            title,
            SuccessAltText(dataset, settingText, setting, data, models, budgets),
            png,
            options.Width,
            options.Height,
            caption,
            SuccessTable(setting, data, models, budgets));
    }

    private static string SuccessAltText(string dataset, string settingText, Setting setting, MinPerturbationData data, List<string> models, List<double> budgets)
    {
        var text = new StringBuilder();
        text.Append("Line plot of the success rate of the minimal ").Append(settingText).Append(" attack on ").Append(dataset).Append(" against the budget");
        if (budgets.Count > 0)
        {
            text.Append(" from ").Append(FigureBudgets.Label(budgets[0])).Append(" to ").Append(FigureBudgets.Label(budgets[^1]));
        }

        text.Append(" for ").Append(FigureText.Count(models.Count)).Append(models.Count == 1 ? " model." : " models.");
        foreach (var model in models)
        {
            text.Append(' ').Append(model).Append(": overall success rate ")
                .Append(data.Summaries.TryGetValue((setting, model, SuccessRateMetric), out var overall) ? FigureText.Short(overall) : "not measured")
                .Append(", median epsilon ")
                .Append(data.Summaries.TryGetValue((setting, model, MedianEpsilonMetric), out var median)
                    ? median is { } value && double.IsFinite(value) ? FigureBudgets.Label(value) : ReportFigureTable.None
                    : "not measured");
            var points = data.Success[(setting, model)].Where(point => point.Value is not null).ToList();
            if (points.Count > 0)
            {
                text.Append(", ").Append(FigureText.Short(points[^1].Value)).Append(" within ").Append(FigureBudgets.Label(points[^1].Key));
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable SuccessTable(Setting setting, MinPerturbationData data, List<string> models, List<double> budgets)
    {
        var columns = new List<string> { "Model" };
        columns.AddRange(budgets.Select(budget => "eps " + FigureBudgets.Label(budget)));
        columns.AddRange(["Clean accuracy", "Overall success rate", "Median epsilon", "Mean epsilon"]);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in models)
        {
            var curve = data.Success[(setting, model)];
            var cells = new List<string> { model };
            cells.AddRange(budgets.Select(budget => curve.TryGetValue(budget, out var value) ? FigureText.Exact(value) : string.Empty));
            cells.Add(data.Clean.TryGetValue(model, out var clean) ? FigureText.Exact(clean) : string.Empty);
            cells.AddRange(new[] { SuccessRateMetric, MedianEpsilonMetric, MeanEpsilonMetric }
                .Select(metric => data.Summaries.TryGetValue((setting, model, metric), out var value) ? FigureText.Exact(value) : string.Empty));
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    private ReportFigure SpectrumFigure(string dataset, Setting setting, string model, MinPerturbationData data, string id)
    {
        var settingText = SettingText(setting);
        var spectrum = data.Spectra[(setting, model)];

        // Rows from the highest fy (top) down, columns from the lowest fx; the grid is the analysis's, evenly spaced.
        var fys = spectrum.Keys.Select(key => key.Fy).Distinct().OrderDescending().ToList();
        var fxs = spectrum.Keys.Select(key => key.Fx).Distinct().Order().ToList();
        var intensities = new double[fys.Count, fxs.Count];
        var finite = new List<double>();
        for (var r = 0; r < fys.Count; r++)
        {
            for (var c = 0; c < fxs.Count; c++)
            {
                var value = spectrum.GetValueOrDefault((fys[r], fxs[c]));

                // The DC bin is excluded from the power (its log is the floor), so it is drawn grey and left out of the colour scale.
                if (value is { } power && double.IsFinite(power) && !IsDc(fys[r], fxs[c]))
                {
                    intensities[r, c] = power;
                    finite.Add(power);
                }
                else
                {
                    intensities[r, c] = double.NaN;
                }
            }
        }

        var (low, high) = finite.Count > 0 ? (finite.Min(), finite.Max()) : (0.0, 1.0);
        if (high - low < 1e-9)
        {
            (low, high) = (low - 0.5, high + 0.5);
        }

        var stepX = Step(fxs);
        var stepY = Step(fys);
        var title = $"{model}: log10 power of minimal perturbations, {dataset}";
        using var plot = FigurePlot.Create(title, "fx (fraction of Nyquist)", "fy (fraction of Nyquist)");
        FigureHeatmap.Add(
            plot,
            intensities,
            new ScottPlot.Range(low, high),
            new CoordinateRect(fxs[0] - (stepX / 2), fxs[^1] + (stepX / 2), fys[^1] - (stepY / 2), fys[0] + (stepY / 2)),
            "log10 power");
        plot.Axes.SetLimits(fxs[0] - (stepX / 2), fxs[^1] + (stepX / 2), fys[^1] - (stepY / 2), fys[0] + (stepY / 2));
        plot.HideGrid();
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var caption = $"Mean power spectrum of {model}'s minimal {settingText} adversarial perturbations on {dataset} (each channel's mean removed, averaged over images and channels),"
            + " shifted so DC is at the centre, as log10 power on the viridis scale; axes are frequencies as fractions of Nyquist."
            + " The DC bin, excluded from the power, and bins without a value are grey.";
        return new ReportFigure(
            id,
            Analysis,
            title,
            SpectrumAltText(dataset, settingText, setting, model, data, fys, fxs, finite.Count > 0 ? (low, high) : null),
            png,
            options.Width,
            options.Height,
            caption,
            SpectrumTable(spectrum, fys, fxs));
    }

    private static bool IsDc(double fy, double fx) => Math.Abs(fy) < 1e-12 && Math.Abs(fx) < 1e-12;

    private static double Step(List<double> values) =>
        values.Count > 1 ? Math.Abs(values[^1] - values[0]) / (values.Count - 1) : 2.0 / 32;

    private static string SpectrumAltText(string dataset, string settingText, Setting setting, string model, MinPerturbationData data, List<double> fys, List<double> fxs, (double Low, double High)? range)
    {
        var text = new StringBuilder();
        text.Append("Heat map of the log10 power spectrum of ").Append(model).Append("'s minimal ").Append(settingText).Append(" perturbations on ").Append(dataset)
            .Append(", DC at the centre, ").Append(FigureText.Count(fys.Count)).Append(" x ").Append(FigureText.Count(fxs.Count))
            .Append(" frequencies from ").Append(FigureText.Short(fxs.Min())).Append(" to ").Append(FigureText.Short(fxs.Max())).Append(" of Nyquist");
        if (range is { } values)
        {
            text.Append(", log10 power from ").Append(FigureText.Short(values.Low)).Append(" to ").Append(FigureText.Short(values.High));
        }
        else
        {
            text.Append(", no defined values");
        }

        text.Append(". f0.5 ")
            .Append(data.Summaries.TryGetValue((setting, model, FHalfMetric), out var fHalf) ? FigureText.Short(fHalf) : "not measured").Append('.');
        return text.ToString();
    }

    private static ReportFigureTable SpectrumTable(Dictionary<(double Fy, double Fx), double?> spectrum, List<double> fys, List<double> fxs)
    {
        var columns = new List<string> { "fy \\ fx" };
        columns.AddRange(fxs.Select(fx => "fx " + FigureText.Exact(fx)));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var fy in fys)
        {
            var cells = new List<string> { "fy " + FigureText.Exact(fy) };
            cells.AddRange(fxs.Select(fx => spectrum.TryGetValue((fy, fx), out var value) ? FigureText.Exact(value) : string.Empty));
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    /// <summary>An attack setting of the analysis: the condition's <c>norm</c> and <c>targeted</c> values.</summary>
    private readonly record struct Setting(string Norm, string Targeted);

    private sealed class MinPerturbationData
    {
        private readonly HashSet<Setting> _seen = [];

        /// <summary>Settings with at least one row, in first-seen order.</summary>
        public List<Setting> Settings { get; } = [];

        /// <summary>The share of images classified correctly (those attacked) per model.</summary>
        public Dictionary<string, double?> Clean { get; } = new(StringComparer.Ordinal);

        /// <summary>success_rate, median_epsilon, mean_epsilon and f_half per (setting, model, metric).</summary>
        public Dictionary<(Setting Setting, string Model, string Metric), double?> Summaries { get; } = [];

        /// <summary>Success rate per budget per (setting, model).</summary>
        public Dictionary<(Setting Setting, string Model), SortedDictionary<double, double?>> Success { get; } = [];

        /// <summary>Cumulative power ratio per cutoff per (setting, model).</summary>
        public Dictionary<(Setting Setting, string Model), SortedDictionary<double, double?>> Cumulative { get; } = [];

        /// <summary>log10 power per (fy, fx) per (setting, model).</summary>
        public Dictionary<(Setting Setting, string Model), Dictionary<(double Fy, double Fx), double?>> Spectra { get; } = [];

        public void AddSetting(Setting setting)
        {
            if (_seen.Add(setting))
            {
                Settings.Add(setting);
            }
        }
    }
}
