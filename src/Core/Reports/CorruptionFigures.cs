using System.Globalization;
using System.Text;
using CloudFreq.Core.Reports.Fonts;
using ScottPlot;
using SkiaSharp;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the corruptions analysis per dataset: a grouped bar chart of accuracy by the study's
/// frequency groups (low, medium, high) with each model's clean accuracy marked, and per model a heat
/// map of accuracy by corruption and severity.
/// </summary>
internal sealed class CorruptionFigures(ReportFigureOptions options)
{
    public const string Analysis = "corruptions";
    public const string AccuracyMetric = "accuracy";
    public const string CorruptionErrorMetric = "ce";
    public const string MeanAccuracyMetric = "mean_accuracy";
    public const string MceMetric = "mce";
    public const string RelativeMceMetric = "relative_mce";

    /// <summary>Cell text of a heat map cell that was never measured.</summary>
    public const string NotMeasuredCell = "\u2014";

    // Heat map rows get at least this many pixels, so their names and cell numbers stay readable.
    private const int HeatmapRowPixels = 24;
    private const int HeatmapChromePixels = 130;

    // Cell numbers are drawn only where the cell is at least this tall; a narrow cell is checked against its text.
    private const float MinAnnotatedCellHeight = 13;

    // Viridis: perceptually uniform and readable with the common colour-vision deficiencies and in grey.
    private static readonly ScottPlot.Colormaps.Viridis Colormap = new();
    private static readonly Color NotMeasuredColor = Color.FromHex("#E4E4E4");

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dataset in index.Datasets)
        {
            var data = Collect(report, dataset);
            var groupModels = index.Models.Where(data.HasFrequencyGroups).ToList();
            if (groupModels.Count > 0)
            {
                yield return GroupFigure(dataset, data, groupModels, index, UniqueId(usedIds, FigureText.Slug(Analysis, dataset, "groups")));
            }

            foreach (var model in index.Models.Where(data.HasCells))
            {
                yield return HeatmapFigure(dataset, model, data, UniqueId(usedIds, FigureText.Slug(Analysis, dataset, "heatmap", model)));
            }
        }
    }

    private static string UniqueId(HashSet<string> used, string id)
    {
        var unique = id;
        for (var suffix = 2; !used.Add(unique); suffix++)
        {
            unique = id + "-" + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private static CorruptionData Collect(RunReport report, string dataset)
    {
        var data = new CorruptionData();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset || FigureText.ParseCondition(row.Condition) is not { } pairs)
            {
                continue;
            }

            // First row wins, as in the other figures; the all-results table shows any duplicate.
            var hasCorruption = pairs.TryGetValue("corruption", out var corruption);
            var hasSeverity = pairs.TryGetValue("severity", out var severityText);
            if (pairs.Count == 2 && hasCorruption && hasSeverity && row.Metric == AccuracyMetric
                && int.TryParse(severityText, NumberStyles.None, CultureInfo.InvariantCulture, out var severity))
            {
                data.Cells.TryAdd((row.Model, corruption!, severity), row.Value);
                data.Corruptions.Add(corruption!);
                data.Severities.Add(severity);
            }
            else if (pairs.Count == 1 && hasCorruption && row.Metric == AccuracyMetric)
            {
                data.CorruptionMeans.TryAdd((row.Model, corruption!), row.Value);
            }
            else if (pairs.Count == 1 && hasCorruption && row.Metric == CorruptionErrorMetric)
            {
                data.CorruptionErrors.TryAdd((row.Model, corruption!), row.Value);
            }
            else if (pairs.Count == 1 && pairs.TryGetValue("group", out var group) && row.Metric == AccuracyMetric)
            {
                data.Groups.TryAdd((row.Model, group), row.Value);
            }
            else if (pairs.Count == 0 && row.Metric is MeanAccuracyMetric or MceMetric or RelativeMceMetric)
            {
                data.Summaries.TryAdd((row.Model, row.Metric), row.Value);
            }
        }

        return data;
    }

    private ReportFigure GroupFigure(string dataset, CorruptionData data, List<string> models, ReportIndex index, string id)
    {
        var title = $"Common corruptions on {dataset}: accuracy by frequency group";
        using var plot = FigurePlot.Create(title, "frequency group of the corruptions", "top-1 accuracy");
        var groups = CorruptionNames.FrequencyGroups.Select(group => group.Group).ToList();
        var slot = 0.8 / models.Count;
        var bars = new List<Bar>();
        var cleanMarked = false;
        for (var g = 0; g < groups.Count; g++)
        {
            for (var i = 0; i < models.Count; i++)
            {
                var position = g - 0.4 + ((i + 0.5) * slot);
                if (data.Groups.TryGetValue((models[i], groups[g]), out var value))
                {
                    if (value is { } accuracy && double.IsFinite(accuracy))
                    {
                        bars.Add(new Bar
                        {
                            Position = position,
                            Value = accuracy,
                            Size = slot * 0.9,
                            FillColor = FigurePalette.Series(i),
                            LineColor = FigurePalette.Black,
                            LineWidth = 1,
                        });
                    }
                    else
                    {
                        var none = plot.Add.Text(ReportFigureTable.None, position, 0);
                        none.LabelFontName = ReportFont.Name;
                        none.LabelFontSize = FigurePlot.TickSize;
                        none.LabelFontColor = FigurePalette.Black;
                        none.LabelAlignment = Alignment.LowerCenter;
                        none.LabelRotation = -90;
                    }
                }

                // The clean level on each bar shows how much the corruptions cost the model.
                if (index.CleanAccuracy(dataset, models[i])?.Value is { } clean && double.IsFinite(clean))
                {
                    var half = slot * 0.5;
                    var line = plot.Add.Line(position - half, clean, position + half, clean);
                    line.LineColor = FigurePalette.Black;
                    line.LineWidth = 2.5f;
                    cleanMarked = true;
                }
            }
        }

        if (bars.Count > 0)
        {
            plot.Add.Bars(bars);
        }

        plot.Axes.SetLimitsX(-0.5, groups.Count - 0.5);
        plot.Axes.SetLimitsY(0, 1.05);
        for (var i = 0; i < models.Count; i++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = models[i], FillColor = FigurePalette.Series(i), LineColor = FigurePalette.Black, LineWidth = 1 });
        }

        if (cleanMarked)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "clean accuracy", LineColor = FigurePalette.Black, LineWidth = 2.5f });
        }

        plot.ShowLegend(Edge.Right);
        FigureCategoryTicks.Apply(plot, groups, options.Width, options.Height);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var members = string.Join("; ", CorruptionNames.FrequencyGroups.Select(group => $"{group.Group}: {string.Join(", ", group.Members)}"));
        var caption = $"Top-1 accuracy on {dataset} under the common corruptions of each frequency group, averaged over the corruptions and severities run ({members});"
            + " one bar per model. Black lines across the bars mark each model's clean accuracy."
            + $" The extra corruptions ({string.Join(", ", CorruptionNames.Extra)}) are in the table, not the chart."
            + (models.Count > 8 ? " Colours repeat after eight models; the table names every bar." : string.Empty);
        return new ReportFigure(
            id,
            Analysis,
            title,
            GroupAltText(dataset, data, models, index),
            png,
            options.Width,
            options.Height,
            caption,
            GroupTable(dataset, data, models, index));
    }

    private static string GroupAltText(string dataset, CorruptionData data, List<string> models, ReportIndex index)
    {
        var text = new StringBuilder();
        text.Append("Grouped bar chart of top-1 accuracy under common corruptions on ").Append(dataset)
            .Append(" by frequency group (low, medium, high), one bar per model, with each model's clean accuracy marked.");
        foreach (var model in models)
        {
            text.Append(' ').Append(model).Append(" (").Append(index.Card(model)?.Group ?? FigurePalette.NoGroupLabel).Append("):");
            var first = true;
            foreach (var (group, _) in CorruptionNames.FrequencyGroups)
            {
                text.Append(first ? " " : ", ").Append(group).Append(' ')
                    .Append(data.Groups.TryGetValue((model, group), out var value) ? FigureText.Short(value) : "not measured");
                first = false;
            }

            if (index.CleanAccuracy(dataset, model) is { } clean)
            {
                text.Append("; clean ").Append(FigureText.Short(clean.Value));
            }

            // Summary numbers only when the run wrote them: an absent or null mCE means no baseline was given.
            if (data.Summaries.GetValueOrDefault((model, MeanAccuracyMetric)) is { } mean)
            {
                text.Append("; mean corruption accuracy ").Append(FigureText.Short(mean));
            }

            if (data.Summaries.GetValueOrDefault((model, MceMetric)) is { } mce)
            {
                text.Append("; mCE ").Append(FigureText.Short(mce));
            }

            if (data.Summaries.GetValueOrDefault((model, RelativeMceMetric)) is { } relative)
            {
                text.Append("; relative mCE ").Append(FigureText.Short(relative));
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable GroupTable(string dataset, CorruptionData data, List<string> models, ReportIndex index)
    {
        var columns = new List<string> { "Model", "Group", "Clean" };
        columns.AddRange(CorruptionNames.Groups);
        columns.AddRange(["Mean corruption accuracy", "mCE", "Relative mCE"]);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var model in models)
        {
            var cells = new List<string>
            {
                model,
                index.Card(model)?.Group ?? FigurePalette.NoGroupLabel,
                index.CleanAccuracy(dataset, model) is { } clean ? FigureText.Exact(clean.Value) : string.Empty,
            };
            cells.AddRange(CorruptionNames.Groups.Select(group => Cell(data.Groups, (model, group))));
            cells.Add(Cell(data.Summaries, (model, MeanAccuracyMetric)));
            cells.Add(Cell(data.Summaries, (model, MceMetric)));
            cells.Add(Cell(data.Summaries, (model, RelativeMceMetric)));
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    /// <summary>The value as stored, "none" when null, empty (not measured) when absent.</summary>
    private static string Cell<TKey>(Dictionary<TKey, double?> values, TKey key)
        where TKey : notnull =>
        values.TryGetValue(key, out var value) ? FigureText.Exact(value) : string.Empty;

    private ReportFigure HeatmapFigure(string dataset, string model, CorruptionData data, string id)
    {
        // Every model gets the same rows and columns, so their maps line up; a cell a model lacks is marked, never zero.
        var corruptions = data.Corruptions.Names.OrderBy(CorruptionNames.Rank).ToList();
        var severities = data.Severities.Union(Enumerable.Range(1, 5)).Order().ToList();
        var height = Math.Max(options.Height, HeatmapChromePixels + (HeatmapRowPixels * corruptions.Count));
        var title = $"Common corruptions on {dataset}: {model}, accuracy by corruption and severity";
        using var plot = FigurePlot.Create(title, "severity", string.Empty);
        var intensities = new double[corruptions.Count, severities.Count];
        for (var r = 0; r < corruptions.Count; r++)
        {
            for (var c = 0; c < severities.Count; c++)
            {
                intensities[r, c] = data.Cells.GetValueOrDefault((model, corruptions[r], severities[c])) is { } value && double.IsFinite(value)
                    ? value
                    : double.NaN;
            }
        }

        // Row 0 of the array is the top row; cell (r, c) is centred on x = c, y = rows - 1 - r.
        FigureHeatmap.Add(plot, intensities, new ScottPlot.Range(0, 1), new CoordinateRect(-0.5, severities.Count - 0.5, -0.5, corruptions.Count - 0.5), "top-1 accuracy");

        var firstExtra = corruptions.FindIndex(corruption => !CorruptionNames.IsBenchmark(corruption));
        if (firstExtra > 0)
        {
            // A white rule sets the extra corruptions apart from the benchmark's.
            var rule = plot.Add.HorizontalLine(corruptions.Count - firstExtra - 0.5, 3, Colors.White);
            rule.ExcludeFromLegend = true;
        }

        var xTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var c = 0; c < severities.Count; c++)
        {
            xTicks.AddMajor(c, FigureText.Count(severities[c]));
        }

        var yTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var r = 0; r < corruptions.Count; r++)
        {
            yTicks.AddMajor(corruptions.Count - 1 - r, corruptions[r]);
        }

        plot.Axes.Bottom.TickGenerator = xTicks;
        plot.Axes.Left.TickGenerator = yTicks;
        plot.Axes.SetLimits(-0.5, severities.Count - 0.5, -0.5, corruptions.Count - 0.5);
        plot.HideGrid();
        Annotate(plot, model, data, corruptions, severities, options.Width, height);
        var png = FigurePlot.RenderPng(plot, options.Width, height);

        var caption = $"Top-1 accuracy of {model} on {dataset} for each corruption (rows: the benchmark's 15 in its order, then the extra ones"
            + " below a white rule) and severity (columns), coloured on the viridis scale from 0 to 1; numbers are percentages."
            + $" Grey cells marked {NotMeasuredCell} were not run; \"none\" marks an undefined value.";
        return new ReportFigure(
            id,
            Analysis,
            title,
            HeatmapAltText(dataset, model, data, corruptions, severities),
            png,
            options.Width,
            height,
            caption,
            HeatmapTable(model, data, corruptions, severities));
    }

    /// <summary>Writes each cell's accuracy into it when the laid-out cells are large enough to hold the text.</summary>
    private static void Annotate(Plot plot, string model, CorruptionData data, List<string> corruptions, List<int> severities, int width, int height)
    {
        plot.RenderInMemory(width, height);
        var dataRect = plot.RenderManager.LastRender.DataRect;
        var cellWidth = dataRect.Width / severities.Count;
        var cellHeight = dataRect.Height / corruptions.Count;
        using var font = new SKFont(ReportFont.Typeface, FigurePlot.TickSize);
        if (cellHeight < MinAnnotatedCellHeight || cellWidth < font.MeasureText("100%") + 4)
        {
            return;
        }

        for (var r = 0; r < corruptions.Count; r++)
        {
            for (var c = 0; c < severities.Count; c++)
            {
                var measured = data.Cells.TryGetValue((model, corruptions[r], severities[c]), out var value);
                var (text, background) = !measured
                    ? (NotMeasuredCell, NotMeasuredColor)
                    : value is { } accuracy && double.IsFinite(accuracy)
                        ? (Percent(accuracy), Colormap.GetColor(Math.Clamp(accuracy, 0, 1)))
                        : (ReportFigureTable.None, NotMeasuredColor);
                var label = plot.Add.Text(text, c, corruptions.Count - 1 - r);
                label.LabelFontName = ReportFont.Name;
                label.LabelFontSize = FigurePlot.TickSize;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = IsDark(background) ? Colors.White : FigurePalette.Black;
            }
        }
    }

    private static string Percent(double accuracy) =>
        (accuracy * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";

    /// <summary>True when white text reads better than black on <paramref name="color"/> (relative luminance below 0.4).</summary>
    private static bool IsDark(Color color) =>
        ((0.2126 * Linear(color.R)) + (0.7152 * Linear(color.G)) + (0.0722 * Linear(color.B))) < 0.4;

    private static double Linear(byte channel)
    {
        var value = channel / 255.0;
        return value <= 0.04045 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
    }

    private static string HeatmapAltText(string dataset, string model, CorruptionData data, List<string> corruptions, List<int> severities)
    {
        var text = new StringBuilder();
        text.Append("Heat map of top-1 accuracy of ").Append(model).Append(" on ").Append(dataset).Append(" for ")
            .Append(FigureText.Count(corruptions.Count)).Append(corruptions.Count == 1 ? " corruption" : " corruptions")
            .Append(" (rows) at severities ").Append(FigureText.Count(severities[0])).Append(" to ").Append(FigureText.Count(severities[^1]))
            .Append(" (columns), colour scale 0 to 1.");
        if (data.Summaries.GetValueOrDefault((model, MeanAccuracyMetric)) is { } mean)
        {
            text.Append(" Mean corruption accuracy ").Append(FigureText.Short(mean)).Append('.');
        }

        var measured = data.Cells
            .Where(cell => cell.Key.Model == model && cell.Value is { } value && double.IsFinite(value))
            .Select(cell => (cell.Key.Corruption, cell.Key.Severity, Accuracy: cell.Value!.Value))
            .ToList();
        if (measured.Count > 0)
        {
            var lowest = measured.MinBy(cell => cell.Accuracy);
            var highest = measured.MaxBy(cell => cell.Accuracy);
            text.Append(" Lowest: ").Append(lowest.Corruption).Append(" at severity ").Append(FigureText.Count(lowest.Severity))
                .Append(", ").Append(FigureText.Short(lowest.Accuracy)).Append(". Highest: ").Append(highest.Corruption)
                .Append(" at severity ").Append(FigureText.Count(highest.Severity)).Append(", ").Append(FigureText.Short(highest.Accuracy)).Append('.');
        }

        var missing = (corruptions.Count * severities.Count) - data.Cells.Keys.Count(key => key.Model == model);
        if (missing > 0)
        {
            text.Append(' ').Append(FigureText.Count(missing)).Append(missing == 1 ? " cell was" : " cells were").Append(" not run.");
        }

        return text.ToString();
    }

    private static ReportFigureTable HeatmapTable(string model, CorruptionData data, List<string> corruptions, List<int> severities)
    {
        var withErrors = data.CorruptionErrors.Keys.Any(key => key.Model == model);
        var columns = new List<string> { "Corruption" };
        columns.AddRange(severities.Select(severity => "severity " + FigureText.Count(severity)));
        columns.Add("Mean");
        if (withErrors)
        {
            columns.Add("CE");
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var corruption in corruptions)
        {
            var cells = new List<string> { corruption };
            cells.AddRange(severities.Select(severity => Cell(data.Cells, (model, corruption, severity))));
            cells.Add(Cell(data.CorruptionMeans, (model, corruption)));
            if (withErrors)
            {
                cells.Add(Cell(data.CorruptionErrors, (model, corruption)));
            }

            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }
}
