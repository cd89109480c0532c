using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the blur-defense analysis: per dataset and model, accuracy against the blur's sigma (sigma 0
/// is the plain model) on clean images, under each attack and budget (one line each), and under common
/// corruptions when the run scored them.
/// </summary>
internal sealed class BlurDefenseFigures(ReportFigureOptions options)
{
    public const string Analysis = "blur-defense";
    public const string AccuracyMetric = "accuracy";
    public const string RobustAccuracyMetric = "robust_accuracy";
    public const string CorruptionAccuracyMetric = "corruption_accuracy";

    private const string CleanSeries = "clean accuracy";
    private const string CorruptionSeries = "corruption accuracy";

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dataset in index.Datasets)
        {
            var data = Collect(report, dataset);
            foreach (var model in index.Models.Where(model => data.Series.Keys.Any(key => key.Model == model)))
            {
                yield return Figure(dataset, model, data, FigureText.UniqueId(usedIds, FigureText.Slug(Analysis, dataset, model)));
            }
        }
    }

    private static BlurData Collect(RunReport report, string dataset)
    {
        var data = new BlurData();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset || FigureText.ParseCondition(row.Condition) is not { } pairs
                || !pairs.TryGetValue("sigma", out var sigmaText) || FigureText.ParseNumber(sigmaText) is not { } sigma)
            {
                continue;
            }

            // First row wins, as in the other figures; the all-results table shows any duplicate.
            SeriesKey? key = null;
            if (pairs.Count == 1 && row.Metric == AccuracyMetric)
            {
                key = new SeriesKey(row.Model, SeriesKind.Clean, string.Empty, string.Empty, 0);
            }
            else if (pairs.Count == 1 && row.Metric == CorruptionAccuracyMetric)
            {
                key = new SeriesKey(row.Model, SeriesKind.Corruption, string.Empty, string.Empty, 0);
            }
            else if (pairs.Count == 4 && row.Metric == RobustAccuracyMetric && AttackFigures.TryParseAttack(pairs, out var attack, out var norm, out var epsilon))
            {
                key = new SeriesKey(row.Model, SeriesKind.Robust, attack, norm, epsilon);
            }

            if (key is { } found)
            {
                if (!data.Series.TryGetValue(found, out var points))
                {
                    points = [];
                    data.Series[found] = points;
                }

                points.TryAdd(sigma, row.Value);
            }
        }

        return data;
    }

    /// <summary>The model's series: clean first, then the attacks (L-inf before L2, in the analysis's attack order, by budget), then corruptions.</summary>
    private static List<SeriesKey> SeriesOf(BlurData data, string model) =>
        [.. data.Series.Keys
            .Where(key => key.Model == model)
            .OrderBy(key => key.Kind)
            .ThenBy(key => FigureBudgets.NormRank(key.Norm))
            .ThenBy(key => key.Norm, StringComparer.Ordinal)
            .ThenBy(key => AttackFigures.AttackRank(key.Attack))
            .ThenBy(key => key.Attack, StringComparer.Ordinal)
            .ThenBy(key => key.Epsilon)];

    private static string Label(SeriesKey key) => key.Kind switch
    {
        SeriesKind.Clean => CleanSeries,
        SeriesKind.Corruption => CorruptionSeries,
        _ => $"{key.Attack} {FigureBudgets.NormLabel(key.Norm)} {FigureBudgets.Label(key.Epsilon)}",
    };

    private ReportFigure Figure(string dataset, string model, BlurData data, string id)
    {
        var series = SeriesOf(data, model);
        var sigmas = series.SelectMany(key => data.Series[key].Keys).Distinct().Order().ToList();
        var title = $"Blur defense on {dataset}: {model}, accuracy vs blur sigma";
        using var plot = FigurePlot.Create(title, "Gaussian blur sigma in pixels (0 = no blur)", "top-1 accuracy");
        var robustIndex = 0;
        foreach (var key in series)
        {
            var points = data.Series[key].Where(point => point.Value is { } value && double.IsFinite(value)).Select(point => (point.Key, point.Value!.Value)).ToList();
            if (key.Kind == SeriesKind.Robust)
            {
                // Attack lines take the series colours; black stays with the clean and corruption lines.
                var slot = robustIndex++;
                var colorSlot = FigurePalette.Series(slot) == FigurePalette.Black ? slot + 1 : slot;
                if (points.Count > 0)
                {
                    var line = FigureSeries.AddLine(plot, points, colorSlot, Label(key));
                    line.MarkerShape = FigurePalette.Marker(slot);
                }

                continue;
            }

            if (points.Count > 0)
            {
                var line = FigureSeries.AddLine(plot, points, 0, Label(key));
                line.Color = FigurePalette.Black;
                line.LineWidth = 2.5f;
                line.MarkerShape = key.Kind == SeriesKind.Clean ? MarkerShape.FilledCircle : MarkerShape.OpenSquare;
                line.LinePattern = key.Kind == SeriesKind.Clean ? LinePattern.Solid : LinePattern.Dashed;
            }
        }

        var right = Math.Max(sigmas.Count > 0 ? sigmas[^1] : 0, 1e-6);
        plot.Axes.SetLimitsX(Math.Min(sigmas.Count > 0 ? sigmas[0] : 0, 0) - (0.03 * right), right * 1.04);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Edge.Right);
        FigureValueTicks.Apply(plot, [.. sigmas.Select(sigma => (sigma, FigureText.Short(sigma)))], options.Width, options.Height);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var hasCorruption = series.Any(key => key.Kind == SeriesKind.Corruption);
        var caption = $"Top-1 accuracy of {model} on {dataset} behind a fixed Gaussian blur of the given sigma (sigma 0 is the plain model, no blur):"
            + " on clean images (solid black line) and under each attack and budget (coloured lines, robust accuracy with the gradients passed through the blur)"
            + (hasCorruption ? ", and the mean accuracy under the corruptions run (dashed black line)." : ".")
            + " A blur the model was not trained with costs clean accuracy, so read robust accuracy beside it.";
        return new ReportFigure(
            id,
            Analysis,
            title,
            AltText(dataset, model, data, series, sigmas),
            png,
            options.Width,
            options.Height,
            caption,
            Table(data, series, sigmas));
    }

    private static string AltText(string dataset, string model, BlurData data, List<SeriesKey> series, List<double> sigmas)
    {
        var text = new StringBuilder();
        text.Append("Line plot of top-1 accuracy of ").Append(model).Append(" on ").Append(dataset).Append(" against the blur sigma");
        if (sigmas.Count > 0)
        {
            text.Append(" from ").Append(FigureText.Short(sigmas[0])).Append(" to ").Append(FigureText.Short(sigmas[^1]));
        }

        text.Append(", ").Append(FigureText.Count(series.Count)).Append(series.Count == 1 ? " line." : " lines.");
        foreach (var key in series)
        {
            var points = data.Series[key].Where(point => point.Value is not null).ToList();
            text.Append(' ').Append(Label(key)).Append(": ");
            if (points.Count == 0)
            {
                text.Append("no defined values.");
                continue;
            }

            text.Append(FigureText.Short(points[0].Value)).Append(" at sigma ").Append(FigureText.Short(points[0].Key));
            if (points.Count > 1)
            {
                var best = points.MaxBy(point => point.Value);
                text.Append(", ").Append(FigureText.Short(points[^1].Value)).Append(" at sigma ").Append(FigureText.Short(points[^1].Key))
                    .Append(", highest ").Append(FigureText.Short(best.Value)).Append(" at sigma ").Append(FigureText.Short(best.Key));
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable Table(BlurData data, List<SeriesKey> series, List<double> sigmas)
    {
        var columns = new List<string> { "Series" };
        columns.AddRange(sigmas.Select(sigma => "sigma " + FigureText.Exact(sigma)));
        var rows = new List<IReadOnlyList<string>>();
        foreach (var key in series)
        {
            var points = data.Series[key];
            var cells = new List<string> { Label(key) };
            cells.AddRange(sigmas.Select(sigma => points.TryGetValue(sigma, out var value) ? FigureText.Exact(value) : string.Empty));
            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    private enum SeriesKind
    {
        Clean,
        Robust,
        Corruption,
    }

    /// <summary>One line of a model's figure: clean accuracy, corruption accuracy, or robust accuracy under one attack at one budget.</summary>
    private readonly record struct SeriesKey(string Model, SeriesKind Kind, string Attack, string Norm, double Epsilon);

    private sealed class BlurData
    {
        /// <summary>Accuracy per sigma of each series.</summary>
        public Dictionary<SeriesKey, SortedDictionary<double, double?>> Series { get; } = [];
    }
}
