using System.Collections.Immutable;

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
        var level = LevelName(family);
        var noise = FamilyTitle(family);
        return new SweepCurveFigure(options).Build(Analysis, curves, modelOrder, chance, new SweepFigureText(
            Slug: FigureText.Slug(Analysis, dataset, family),
            Title: $"{noise} on {dataset}: accuracy vs {level}",
            XAxisLabel: $"{level} (pixel values in [0, 1])",
            Caption: $"Top-1 accuracy under {noise.ToLowerInvariant()} against its {level}, added to images in [0, 1] before normalization and clipped, on {dataset}; one line per model."
                + " Open diamonds mark level_half, where accuracy crosses half-way between clean and chance.",
            AltLead: $"Line plot of top-1 accuracy against {level} of {noise.ToLowerInvariant()} on {dataset}",
            RangeName: "levels",
            RangeUnit: string.Empty,
            PointWord: " at ",
            HalfMetric: LevelHalfMetric,
            ColumnPrefix: level + " "));
    }
}
