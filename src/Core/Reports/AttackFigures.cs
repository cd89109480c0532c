using System.Collections.Immutable;
using System.Text;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Figures of the attack analysis per dataset and norm: robust accuracy against the budget with one line
/// per model (the per-image worst case <c>apgd-ensemble</c> where the run reported it, otherwise the
/// strongest single attack at each budget) starting from clean accuracy at budget 0, and a heat map of
/// robust accuracy per (attack, budget) and model.
/// </summary>
internal sealed class AttackFigures(ReportFigureOptions options)
{
    public const string Analysis = "attack";
    public const string AccuracyMetric = "accuracy";
    public const string RobustAccuracyMetric = "robust_accuracy";

    /// <summary>The attack name of the per-image worst case over the attacks of a run.</summary>
    public const string EnsembleAttack = "apgd-ensemble";

    // Heat map rows get at least this many pixels, so their names and cell numbers stay readable.
    private const int HeatmapRowPixels = 24;
    private const int HeatmapChromePixels = 130;

    /// <summary>The bounded attacks in the order the analysis knows them; the ensemble comes last.</summary>
    internal static readonly ImmutableArray<string> AttackOrder = ["fgsm", "pgd", "apgd-ce", "apgd-dlr", "apgd-t", "square", EnsembleAttack];

    public IEnumerable<ReportFigure> Build(RunReport report, ReportIndex index)
    {
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dataset in index.Datasets)
        {
            var data = Collect(report, dataset);
            foreach (var norm in data.Norms.Names.OrderBy(FigureBudgets.NormRank))
            {
                var models = index.Models.Where(model => data.Robust.Keys.Any(key => key.Model == model && key.Norm == norm)).ToList();
                if (models.Count == 0)
                {
                    continue;
                }

                yield return CurveFigure(dataset, norm, data, models, index, FigureText.UniqueId(usedIds, FigureText.Slug(Analysis, dataset, norm, "curves")));
                yield return HeatmapFigure(dataset, norm, data, models, FigureText.UniqueId(usedIds, FigureText.Slug(Analysis, dataset, norm, "heatmap")));
            }
        }
    }

    /// <summary>Rank of an attack in <see cref="AttackOrder"/>; unknown attacks sort before the ensemble, by name.</summary>
    internal static int AttackRank(string attack)
    {
        var rank = AttackOrder.IndexOf(attack);
        return rank >= 0 ? (attack == EnsembleAttack ? AttackOrder.Length : rank) : AttackOrder.Length - 1;
    }

    /// <summary>The attack, norm and budget of an <c>attack=..;norm=..;eps=..</c> condition (after any other keys); false when it is not one.</summary>
    internal static bool TryParseAttack(Dictionary<string, string> pairs, out string attack, out string norm, out double epsilon)
    {
        epsilon = 0;
        norm = string.Empty;
        if (pairs.TryGetValue("attack", out attack!) && pairs.TryGetValue("norm", out norm!)
            && pairs.TryGetValue("eps", out var epsText) && FigureText.ParseNumber(epsText) is { } value)
        {
            epsilon = value;
            return true;
        }

        attack = string.Empty;
        return false;
    }

    private static AttackData Collect(RunReport report, string dataset)
    {
        var data = new AttackData();
        foreach (var row in report.Rows)
        {
            if (row.Analysis != Analysis || row.Dataset != dataset || FigureText.ParseCondition(row.Condition) is not { } pairs)
            {
                continue;
            }

            // First row wins, as in the other figures; the all-results table shows any duplicate.
            if (pairs.Count == 0 && row.Metric == AccuracyMetric)
            {
                data.Clean.TryAdd(row.Model, row.Value);
            }
            else if (pairs.Count == 3 && row.Metric == RobustAccuracyMetric && TryParseAttack(pairs, out var attack, out var norm, out var epsilon))
            {
                data.Robust.TryAdd((row.Model, attack, norm, epsilon), row.Value);
                data.Norms.Add(norm);
            }
        }

        return data;
    }

    private ReportFigure CurveFigure(string dataset, string norm, AttackData data, List<string> models, ReportIndex index, string id)
    {
        var normLabel = FigureBudgets.NormLabel(norm);
        var title = $"Adversarial attacks on {dataset}: robust accuracy vs {normLabel} budget";
        using var plot = FigurePlot.Create(title, $"{normLabel} budget epsilon (0 = clean images)", "robust accuracy");
        var curves = models.Select(model => Curve(data, model, norm)).ToList();
        var budgets = curves.SelectMany(curve => curve.Points.Keys).Distinct().Order().ToList();
        foreach (var curve in curves)
        {
            var points = new List<(double X, double Y)>();
            if (data.Clean.GetValueOrDefault(curve.Model) is { } clean && double.IsFinite(clean))
            {
                points.Add((0, clean));
            }

            points.AddRange(curve.Points.Where(point => point.Value.Value is { } value && double.IsFinite(value)).Select(point => (point.Key, point.Value.Value!.Value)));
            if (points.Count > 0)
            {
                FigureSeries.AddLine(plot, points, FigureSeries.Slot(index, curve.Model), curve.Model);
            }
        }

        var right = Math.Max(budgets.Count > 0 ? budgets[^1] : 0, 1e-6);
        plot.Axes.SetLimitsX(-0.03 * right, right * 1.05);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Edge.Right);
        FigureValueTicks.Apply(plot, [(0, "0"), .. budgets.Select(budget => (budget, FigureBudgets.Label(budget)))], options.Width, options.Height);
        var png = FigurePlot.RenderPng(plot, options.Width, options.Height);

        var ensembleModels = curves.Where(curve => curve.Ensemble).Select(curve => curve.Model).ToList();
        var strongestModels = curves.Where(curve => !curve.Ensemble).Select(curve => curve.Model).ToList();
        var caption = new StringBuilder();
        caption.Append("Robust accuracy on ").Append(dataset).Append(" (share of all images classified correctly and still so under attack) against the ")
            .Append(normLabel).Append(" budget; one line per model, starting from its clean accuracy at budget 0.");
        if (ensembleModels.Count > 0)
        {
            caption.Append(" Lines of ").Append(string.Join(", ", ensembleModels)).Append(" are ").Append(EnsembleAttack)
                .Append(", the per-image worst case over the attacks run.");
        }

        if (strongestModels.Count > 0)
        {
            caption.Append(" Lines of ").Append(string.Join(", ", strongestModels))
                .Append(" are the strongest single attack at each budget (lowest robust accuracy), since the run reported no ")
                .Append(EnsembleAttack).Append("; the table names the attack.");
        }

        caption.Append(" Budgets that are whole 255ths are written k/255.");
        return new ReportFigure(
            id,
            Analysis,
            title,
            CurveAltText(dataset, normLabel, data, curves),
            png,
            options.Width,
            options.Height,
            caption.ToString(),
            CurveTable(data, curves, budgets));
    }

    /// <summary>The curve of one model: the ensemble's values where the run reported them, else the lowest robust accuracy over the attacks per budget.</summary>
    private static AttackCurve Curve(AttackData data, string model, string norm)
    {
        var keys = data.Robust.Keys.Where(key => key.Model == model && key.Norm == norm).ToList();
        var ensemble = keys.Any(key => key.Attack == EnsembleAttack);
        var points = new SortedDictionary<double, (double? Value, string? Attack)>();
        foreach (var group in keys.Where(key => (key.Attack == EnsembleAttack) == ensemble).GroupBy(key => key.Epsilon))
        {
            if (ensemble)
            {
                points[group.Key] = (data.Robust[group.Single()], EnsembleAttack);
                continue;
            }

            // Undefined values never win; a budget with none defined has no point.
            var strongest = group
                .Select(key => (Value: data.Robust[key], key.Attack))
                .Where(entry => entry.Value is { } value && double.IsFinite(value))
                .OrderBy(entry => entry.Value)
                .ThenBy(entry => AttackRank(entry.Attack))
                .Select(entry => ((double?)entry.Value, (string?)entry.Attack))
                .FirstOrDefault();
            points[group.Key] = strongest;
        }

        return new AttackCurve(model, ensemble, points);
    }

    private static string CurveAltText(string dataset, string normLabel, AttackData data, List<AttackCurve> curves)
    {
        var text = new StringBuilder();
        text.Append("Line plot of robust accuracy against the ").Append(normLabel).Append(" attack budget on ").Append(dataset).Append(" for ")
            .Append(FigureText.Count(curves.Count)).Append(curves.Count == 1 ? " model" : " models").Append(", with clean accuracy at budget 0.");
        foreach (var curve in curves)
        {
            text.Append(' ').Append(curve.Model).Append(" (").Append(curve.Ensemble ? EnsembleAttack : "strongest attack per budget").Append("): clean ")
                .Append(data.Clean.TryGetValue(curve.Model, out var clean) ? FigureText.Short(clean) : "not measured");
            foreach (var (budget, (value, attack)) in curve.Points)
            {
                text.Append(", ").Append(FigureText.Short(value)).Append(" at ").Append(FigureBudgets.Label(budget));
                if (!curve.Ensemble && attack is not null)
                {
                    text.Append(" (").Append(attack).Append(')');
                }
            }

            text.Append('.');
        }

        return text.ToString();
    }

    private static ReportFigureTable CurveTable(AttackData data, List<AttackCurve> curves, List<double> budgets)
    {
        var columns = new List<string> { "Model", "Curve", "Clean" };
        columns.AddRange(budgets.Select(budget => "eps " + FigureBudgets.Label(budget)));
        var withStrongest = curves.Any(curve => !curve.Ensemble);
        if (withStrongest)
        {
            columns.Add("Strongest attack per budget");
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var curve in curves)
        {
            var cells = new List<string>
            {
                curve.Model,
                curve.Ensemble ? EnsembleAttack : "strongest attack",
                data.Clean.TryGetValue(curve.Model, out var clean) ? FigureText.Exact(clean) : string.Empty,
            };
            cells.AddRange(budgets.Select(budget => curve.Points.TryGetValue(budget, out var point) ? FigureText.Exact(point.Value) : string.Empty));
            if (withStrongest)
            {
                cells.Add(curve.Ensemble
                    ? string.Empty
                    : string.Join("; ", curve.Points.Select(point => FigureBudgets.Label(point.Key) + ": " + (point.Value.Attack ?? ReportFigureTable.None))));
            }

            rows.Add(cells);
        }

        return new ReportFigureTable(columns, rows);
    }

    private ReportFigure HeatmapFigure(string dataset, string norm, AttackData data, List<string> models, string id)
    {
        var normLabel = FigureBudgets.NormLabel(norm);
        var cells = data.Robust.Keys.Where(key => key.Norm == norm).Select(key => (key.Attack, key.Epsilon)).Distinct()
            .OrderBy(cell => AttackRank(cell.Attack)).ThenBy(cell => cell.Attack, StringComparer.Ordinal).ThenBy(cell => cell.Epsilon)
            .ToList();
        var height = Math.Max(options.Height, HeatmapChromePixels + (HeatmapRowPixels * cells.Count));
        var title = $"Adversarial attacks on {dataset}: robust accuracy per {normLabel} attack and budget";
        using var plot = FigurePlot.Create(title, "model", string.Empty);
        var intensities = new double[cells.Count, models.Count];
        for (var r = 0; r < cells.Count; r++)
        {
            for (var c = 0; c < models.Count; c++)
            {
                intensities[r, c] = data.Robust.GetValueOrDefault((models[c], cells[r].Attack, norm, cells[r].Epsilon)) is { } value && double.IsFinite(value)
                    ? value
                    : double.NaN;
            }
        }

        FigureHeatmap.Add(plot, intensities, new ScottPlot.Range(0, 1), new CoordinateRect(-0.5, models.Count - 0.5, -0.5, cells.Count - 0.5), "robust accuracy");
        var firstEnsemble = cells.FindIndex(cell => cell.Attack == EnsembleAttack);
        if (firstEnsemble > 0)
        {
            // A white rule sets the worst case over the attacks apart from the single attacks.
            var rule = plot.Add.HorizontalLine(cells.Count - firstEnsemble - 0.5, 3, Colors.White);
            rule.ExcludeFromLegend = true;
        }

        var yTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var r = 0; r < cells.Count; r++)
        {
            yTicks.AddMajor(cells.Count - 1 - r, cells[r].Attack + " " + FigureBudgets.Label(cells[r].Epsilon));
        }

        plot.Axes.Left.TickGenerator = yTicks;
        plot.Axes.SetLimits(-0.5, models.Count - 0.5, -0.5, cells.Count - 0.5);
        plot.HideGrid();
        FigureCategoryTicks.Apply(plot, models, options.Width, height);
        FigureHeatmap.Annotate(
            plot,
            cells.Count,
            models.Count,
            (r, c) => !data.Robust.TryGetValue((models[c], cells[r].Attack, norm, cells[r].Epsilon), out var value)
                ? (FigureHeatmap.NotMeasuredCell, FigureHeatmap.NotMeasuredColor)
                : value is { } accuracy && double.IsFinite(accuracy)
                    ? (FigureHeatmap.Percent(accuracy), FigureHeatmap.CellColor(accuracy, 0, 1))
                    : (ReportFigureTable.None, FigureHeatmap.NotMeasuredColor),
            options.Width,
            height);
        var png = FigurePlot.RenderPng(plot, options.Width, height);

        var caption = $"Robust accuracy on {dataset} of each model (columns) under each {normLabel} attack and budget (rows),"
            + " coloured on the viridis scale from 0 to 1; numbers are percentages."
            + (firstEnsemble > 0 ? $" Below the white rule, {EnsembleAttack}: the per-image worst case over the attacks run." : string.Empty)
            + $" Grey cells marked {FigureHeatmap.NotMeasuredCell} were not run; \"none\" marks an undefined value.";
        return new ReportFigure(
            id,
            Analysis,
            title,
            HeatmapAltText(dataset, normLabel, norm, data, models, cells),
            png,
            options.Width,
            height,
            caption,
            HeatmapTable(norm, data, models, cells));
    }

    private static string HeatmapAltText(string dataset, string normLabel, string norm, AttackData data, List<string> models, List<(string Attack, double Epsilon)> cells)
    {
        var text = new StringBuilder();
        text.Append("Heat map of robust accuracy on ").Append(dataset).Append(" for ").Append(FigureText.Count(models.Count))
            .Append(models.Count == 1 ? " model" : " models").Append(" (columns) under ").Append(FigureText.Count(cells.Count)).Append(' ')
            .Append(normLabel).Append(cells.Count == 1 ? " attack and budget" : " attacks and budgets").Append(" (rows), colour scale 0 to 1.");
        foreach (var model in models)
        {
            var measured = cells
                .Select(cell => (cell.Attack, cell.Epsilon, Value: data.Robust.GetValueOrDefault((model, cell.Attack, norm, cell.Epsilon))))
                .Where(cell => cell.Value is { } value && double.IsFinite(value))
                .ToList();
            text.Append(' ').Append(model).Append(": ");
            if (measured.Count == 0)
            {
                text.Append("no defined values.");
                continue;
            }

            var lowest = measured.MinBy(cell => cell.Value);
            var highest = measured.MaxBy(cell => cell.Value);
            text.Append("lowest ").Append(FigureText.Short(lowest.Value)).Append(" (").Append(lowest.Attack).Append(' ').Append(FigureBudgets.Label(lowest.Epsilon))
                .Append("), highest ").Append(FigureText.Short(highest.Value)).Append(" (").Append(highest.Attack).Append(' ').Append(FigureBudgets.Label(highest.Epsilon)).Append(").");
        }

        return text.ToString();
    }

    private static ReportFigureTable HeatmapTable(string norm, AttackData data, List<string> models, List<(string Attack, double Epsilon)> cells)
    {
        var columns = new List<string> { "Attack", "eps" };
        columns.AddRange(models);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (attack, epsilon) in cells)
        {
            var row = new List<string> { attack, FigureText.Exact(epsilon) };
            row.AddRange(models.Select(model => data.Robust.TryGetValue((model, attack, norm, epsilon), out var value) ? FigureText.Exact(value) : string.Empty));
            rows.Add(row);
        }

        return new ReportFigureTable(columns, rows);
    }

    private sealed class AttackData
    {
        /// <summary>Clean accuracy per model.</summary>
        public Dictionary<string, double?> Clean { get; } = new(StringComparer.Ordinal);

        /// <summary>Robust accuracy per (model, attack, norm, budget).</summary>
        public Dictionary<(string Model, string Attack, string Norm, double Epsilon), double?> Robust { get; } = [];

        /// <summary>Norms with at least one robust row, in first-seen order.</summary>
        public OrderedNames Norms { get; } = new();
    }

    /// <param name="Ensemble">True when the points are <see cref="EnsembleAttack"/>'s, false when they are the strongest attack's.</param>
    /// <param name="Points">Robust accuracy per budget, with the attack it comes from (null when no attack had a defined value).</param>
    private sealed record AttackCurve(string Model, bool Ensemble, SortedDictionary<double, (double? Value, string? Attack)> Points);
}
