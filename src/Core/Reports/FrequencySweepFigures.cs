using System.Collections.Immutable;

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
        var filterWord = curves.Filter switch
        {
            "lowpass" => "Low-pass",
            "highpass" => "High-pass",
            _ => curves.Filter,
        };
        var noun = FilterNoun(curves.Filter);
        return new SweepCurveFigure(options).Build(Analysis, curves, modelOrder, chance, new SweepFigureText(
            Slug: FigureText.Slug(Analysis, dataset, curves.Filter, curves.Shape),
            Title: $"{filterWord} ({curves.Shape}) on {dataset}: accuracy vs cutoff",
            XAxisLabel: "cutoff (fraction of Nyquist)",
            Caption: $"Top-1 accuracy of {noun} images ({curves.Shape} filter) against the cutoff, a fraction of Nyquist, on {dataset}; one line per model."
                + " Open diamonds mark cutoff_half, where accuracy crosses half-way between clean and chance.",
            AltLead: $"Line plot of top-1 accuracy against cutoff for {noun} images ({curves.Shape} filter) on {dataset}",
            RangeName: "cutoffs",
            RangeUnit: " of Nyquist",
            PointWord: " at cutoff ",
            HalfMetric: CutoffHalfMetric,
            ColumnPrefix: "cutoff "));
    }

    private static string FilterNoun(string filter) => filter switch
    {
        "lowpass" => "low-pass filtered",
        "highpass" => "high-pass filtered",
        _ => filter + " filtered",
    };
}
