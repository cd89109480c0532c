using System.Globalization;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Study;

/// <summary>
/// The <c>study</c> of a run (DESIGN.md section 4, "Statistics across models"): per dataset, never pooled
/// across datasets, each model's frequency measures (f_rev, the ideal low- and high-pass sweep's cutoff_half,
/// f0.5) and robustness measures (clean accuracy, mean corruption accuracy, each noise family's level_half,
/// robust accuracy, the blur defense's gain), then across models the Pearson and Spearman correlation of every frequency measure
/// with every robustness measure and the mean of each measure in the standard and robust groups.
/// A pure function of the result rows, the models' groups and the seed, so a run's summarizer and
/// <c>cloudfreq report</c> (merging runs) give the same study from the same rows.
/// </summary>
/// <remarks>
/// Robust accuracy: the <c>apgd-ensemble</c> (per-image worst case) at L-inf 8/255 when any model has it,
/// else at the largest L-inf budget present, else at the largest budget of any norm; without ensemble rows,
/// the lowest robust accuracy over the attacks run at that budget. The blur-defense gain: the best sigma's
/// robust accuracy minus the plain model's (sigma 0) under the same attack and budget, the attack and budget
/// chosen the same way. Every model of a dataset is measured at the same budget.
/// </remarks>
public static class StudyCalculator
{
    /// <summary>The analysis name of the study rows.</summary>
    public const string AnalysisName = "study";

    /// <summary>The standard group (card group <c>base</c>).</summary>
    public const string StandardGroup = "standard";

    /// <summary>The robust group (every other card group: adv, blur, noise, ...).</summary>
    public const string RobustGroup = "robust";

    /// <summary>The card group of standard models.</summary>
    public const string BaseCardGroup = "base";

    /// <summary>The study's attack budget on CIFAR-size images: L-inf 8/255.</summary>
    public const double StandardLinfBudget = 8.0 / 255.0;

    public const string FRev = "f_rev";
    public const string LowpassCutoff = "lowpass_cutoff_half";
    public const string HighpassCutoff = "highpass_cutoff_half";
    public const string FHalf = "f_half";
    public const string CleanAccuracy = "clean_accuracy";
    public const string CorruptionAccuracy = "corruption_accuracy";
    public const string RobustAccuracy = "robust_accuracy";
    public const string BlurDefenseGain = "blur_defense_gain";

    /// <summary>The prefix of the noise measures: <c>noise_level_half_gaussian</c>, <c>..._uniform</c>, <c>..._salt-pepper</c>.</summary>
    public const string NoiseLevelHalfPrefix = "noise_level_half_";

    private const string Ensemble = "apgd-ensemble";

    /// <summary>The study of every dataset with at least two models and both a frequency and a robustness measure, in first-seen dataset order.</summary>
    /// <param name="rows">All rows of the run; rows of the study itself are ignored.</param>
    /// <param name="groups">The card group of each model (null or missing = no group).</param>
    /// <param name="seed">The run seed: the permutation and bootstrap randomness derive from it.</param>
    public static IReadOnlyList<StudyDataset> Compute(IEnumerable<ResultRow> rows, IReadOnlyDictionary<string, string?> groups, long seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(groups);
        var studies = new List<StudyDataset>();
        foreach (var dataset in rows.Where(r => r.Analysis != AnalysisName).GroupBy(r => r.Dataset, StringComparer.Ordinal))
        {
            if (ComputeDataset(dataset.Key, [.. dataset], groups, seed) is { } study)
            {
                studies.Add(study);
            }
        }

        return studies;
    }

    /// <summary>The study of a report: its rows, its models' card groups and its spec's seed.</summary>
    public static IReadOnlyList<StudyDataset> Compute(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Compute(report.Rows, Groups(report.Models), Seed(report));
    }

    /// <summary>The model cards' groups by model name.</summary>
    public static IReadOnlyDictionary<string, string?> Groups(IEnumerable<ReportModel> models)
    {
        var groups = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            groups.TryAdd(model.Name, model.Card.Group);
        }

        return groups;
    }

    /// <summary>The run seed from a report's spec (0 when it has none).</summary>
    public static long Seed(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var node = report.Spec is System.Text.Json.Nodes.JsonObject spec ? spec["seed"] : null;
        return node is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<long>(out var seed) ? seed : 0;
    }

    /// <summary>The study rows of <paramref name="studies"/> (results contract, DESIGN.md section 5).</summary>
    /// <remarks>
    /// Per model: <c>measure=f_rev</c> -> <c>value</c> (n = the images behind it). Per dataset, model empty:
    /// <c>measure=f_rev;group=standard|robust</c> -> <c>mean</c> (n = models in the group), and for each pair with
    /// at least 3 models <c>frequency=f_rev;robustness=robust_accuracy</c> -> <c>pearson</c>, <c>spearman</c>,
    /// <c>p_value_pearson</c>, <c>p_value_spearman</c>, and from 8 models on the bootstrap intervals <c>ci_low</c>,
    /// <c>ci_high</c> (Spearman) and <c>pearson_ci_low</c>, <c>pearson_ci_high</c> (n = models).
    /// </remarks>
    public static IReadOnlyList<ResultRow> Rows(IEnumerable<StudyDataset> studies)
    {
        ArgumentNullException.ThrowIfNull(studies);
        var rows = new List<ResultRow>();
        foreach (var study in studies)
        {
            foreach (var model in study.Models)
            {
                foreach (var measure in study.Measures)
                {
                    if (model.Values.TryGetValue(measure.Id, out var value))
                    {
                        rows.Add(new ResultRow(study.Dataset, model.Name, AnalysisName, ResultCondition.Format(("measure", measure.Id)), "value", value.Value, value.N));
                    }
                }
            }

            foreach (var group in study.Groups)
            {
                if (group.StandardModels > 0)
                {
                    rows.Add(new ResultRow(study.Dataset, string.Empty, AnalysisName, ResultCondition.Format(("measure", group.Measure), ("group", StandardGroup)), "mean", group.Standard, group.StandardModels));
                }

                if (group.RobustModels > 0)
                {
                    rows.Add(new ResultRow(study.Dataset, string.Empty, AnalysisName, ResultCondition.Format(("measure", group.Measure), ("group", RobustGroup)), "mean", group.Robust, group.RobustModels));
                }
            }

            foreach (var pair in study.Pairs.Where(p => p.N >= StudyStatistics.MinModels))
            {
                var condition = ResultCondition.Format(("frequency", pair.Frequency.Id), ("robustness", pair.Robustness.Id));
                void Add(string metric, double? value) => rows.Add(new ResultRow(study.Dataset, string.Empty, AnalysisName, condition, metric, value, pair.N));
                Add("pearson", pair.Pearson.Value);
                Add("spearman", pair.Spearman.Value);
                Add("p_value_pearson", pair.Pearson.PValue);
                Add("p_value_spearman", pair.Spearman.PValue);
                if (pair.N >= StudyStatistics.MinBootstrapModels)
                {
                    Add("ci_low", pair.Spearman.CiLow);
                    Add("ci_high", pair.Spearman.CiHigh);
                    Add("pearson_ci_low", pair.Pearson.CiLow);
                    Add("pearson_ci_high", pair.Pearson.CiHigh);
                }
            }
        }

        return rows;
    }

    /// <summary>"standard" for card group base, "robust" for any other group, null for none.</summary>
    public static string? StudyGroup(string? cardGroup) =>
        string.IsNullOrEmpty(cardGroup) ? null
        : string.Equals(cardGroup, BaseCardGroup, StringComparison.OrdinalIgnoreCase) ? StandardGroup
        : RobustGroup;

    private static StudyDataset? ComputeDataset(string dataset, List<ResultRow> rows, IReadOnlyDictionary<string, string?> groups, long seed)
    {
        var measures = new List<StudyMeasure>();
        var values = new Dictionary<string, Dictionary<string, StudyValue>>(StringComparer.Ordinal);
        var modelOrder = rows.Select(r => r.Model).Distinct(StringComparer.Ordinal).ToList();

        void AddMeasure(StudyMeasure measure, IEnumerable<(string Model, double? Value, long N)> found)
        {
            var any = false;
            foreach (var (model, value, n) in found)
            {
                if (value is { } v && double.IsFinite(v))
                {
                    if (!values.TryGetValue(model, out var perModel))
                    {
                        values[model] = perModel = new Dictionary<string, StudyValue>(StringComparer.Ordinal);
                    }

                    perModel[measure.Id] = new StudyValue(v, n);
                    any = true;
                }
            }

            if (any)
            {
                measures.Add(measure);
            }
        }

        IEnumerable<(string, double?, long)> Simple(string analysis, string condition, string metric) =>
            rows.Where(r => r.Analysis == analysis && r.Condition == condition && r.Metric == metric).Select(r => (r.Model, r.Value, r.N));

        // Frequency measures: lower = a stronger low-frequency preference, for each of them.
        AddMeasure(new StudyMeasure(FRev, StudyMeasureKind.Frequency, "f_rev", "hybrid images: mean f_rev over seeds", false), Simple("hybrid", string.Empty, "f_rev"));
        AddMeasure(new StudyMeasure(LowpassCutoff, StudyMeasureKind.Frequency, "low-pass cutoff_half", "frequency sweep: ideal low-pass, half-way cutoff", false), Simple("frequency-sweep", "filter=lowpass;shape=ideal", "cutoff_half"));
        AddMeasure(new StudyMeasure(HighpassCutoff, StudyMeasureKind.Frequency, "high-pass cutoff_half", "frequency sweep: ideal high-pass, half-way cutoff", false), Simple("frequency-sweep", "filter=highpass;shape=ideal", "cutoff_half"));
        foreach (var condition in rows.Where(r => r.Analysis == "min-perturbation" && r.Metric == "f_half").Select(r => r.Condition).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var pairs = FigureText.ParseCondition(condition);
            if (pairs is null || pairs.Count != 2 || !pairs.TryGetValue("norm", out var norm) || !pairs.TryGetValue("targeted", out var targeted))
            {
                continue;
            }

            var isDefault = norm == "linf" && targeted == "true";
            var id = isDefault ? FHalf : $"{FHalf}_{norm}_{(targeted == "true" ? "targeted" : "untargeted")}";
            var label = isDefault ? "f0.5" : $"f0.5 ({norm}, {(targeted == "true" ? "targeted" : "untargeted")})";
            AddMeasure(new StudyMeasure(id, StudyMeasureKind.Frequency, label, $"minimal perturbations ({condition}): radius holding half the power", false), Simple("min-perturbation", condition, "f_half"));
        }

        // Robustness measures: higher = more robust (clean accuracy is there for context).
        AddMeasure(new StudyMeasure(CleanAccuracy, StudyMeasureKind.Robustness, "clean accuracy", "clean: top-1 accuracy", true), Simple("clean", string.Empty, "accuracy"));
        AddMeasure(new StudyMeasure(CorruptionAccuracy, StudyMeasureKind.Robustness, "corruption accuracy", "corruptions: mean accuracy over the benchmark corruptions and severities", true), Simple("corruptions", string.Empty, "mean_accuracy"));
        // Noise robustness: the level at which accuracy falls half-way to chance, per family (higher = more robust).
        foreach (var condition in rows.Where(r => r.Analysis == "noise" && r.Metric == "level_half").Select(r => r.Condition).Distinct(StringComparer.Ordinal).OrderBy(NoiseFamilyRank).ThenBy(c => c, StringComparer.Ordinal))
        {
            if (FigureText.ParseCondition(condition) is not { Count: 1 } pairs || !pairs.TryGetValue("noise", out var family))
            {
                continue;
            }

            AddMeasure(new StudyMeasure(NoiseLevelHalfPrefix + family, StudyMeasureKind.Robustness, $"{family} noise level_half", $"noise: {family} level where accuracy falls half-way to chance", false), Simple("noise", condition, "level_half"));
        }

        if (RobustAccuracyMeasure(rows) is { } robust)
        {
            AddMeasure(robust.Measure, robust.Values);
        }

        if (BlurGain(rows) is { } blur)
        {
            AddMeasure(blur.Measure, blur.Values);
        }

        var models = modelOrder
            .Where(values.ContainsKey)
            .Select(m => new StudyModel(m, groups.GetValueOrDefault(m), StudyGroup(groups.GetValueOrDefault(m)), values[m]))
            .ToList();
        // A study needs two models and something to relate: a frequency and a robustness measure.
        if (models.Count < 2 || !measures.Any(m => m.Kind == StudyMeasureKind.Frequency) || !measures.Any(m => m.Kind == StudyMeasureKind.Robustness))
        {
            return null;
        }

        var groupMeans = measures.Select(measure =>
        {
            double[] Of(string group) => [.. models.Where(m => m.StudyGroup == group && m.Values.ContainsKey(measure.Id)).Select(m => m.Values[measure.Id].Value)];
            var standard = Of(StandardGroup);
            var robustValues = Of(RobustGroup);
            return new StudyGroupMeans(measure.Id, standard.Length > 0 ? standard.Average() : null, standard.Length, robustValues.Length > 0 ? robustValues.Average() : null, robustValues.Length);
        }).ToList();

        var pairList = new List<StudyPair>();
        var frequency = measures.Where(m => m.Kind == StudyMeasureKind.Frequency).ToList();
        var robustness = measures.Where(m => m.Kind == StudyMeasureKind.Robustness).ToList();
        for (var f = 0; f < frequency.Count; f++)
        {
            for (var r = 0; r < robustness.Count; r++)
            {
                var both = models.Where(m => m.Values.ContainsKey(frequency[f].Id) && m.Values.ContainsKey(robustness[r].Id)).ToList();
                var x = both.Select(m => m.Values[frequency[f].Id].Value).ToList();
                var y = both.Select(m => m.Values[robustness[r].Id].Value).ToList();

                // Each pair its own stream, so adding a measure does not move another pair's numbers.
                var pairSeed = PairSeed(seed, dataset, frequency[f].Id, robustness[r].Id);
                pairList.Add(new StudyPair(
                    frequency[f],
                    robustness[r],
                    [.. both.Select(m => m.Name)],
                    x,
                    y,
                    StudyStatistics.Pearson(x, y, pairSeed),
                    StudyStatistics.Spearman(x, y, pairSeed),
                    StudyStatistics.FitLine(x, y)));
            }
        }

        return new StudyDataset(dataset, measures, models, groupMeans, pairList);
    }

    private static int NoiseFamilyRank(string condition) => condition switch
    {
        "noise=gaussian" => 0,
        "noise=uniform" => 1,
        "noise=salt-pepper" => 2,
        _ => 3,
    };

    // A stable 31-bit seed from the run seed and the pair (FNV-1a; string.GetHashCode is randomized per process).
    private static int PairSeed(long seed, string dataset, string frequency, string robustness)
    {
        var hash = 2166136261u ^ unchecked((uint)seed ^ (uint)(seed >> 32));
        foreach (var character in $"{dataset}\n{frequency}\n{robustness}")
        {
            hash = unchecked((hash ^ character) * 16777619u);
        }

        return (int)(hash & 0x7fffffff);
    }

    private sealed record Attacked(string Attack, string Norm, double Eps, double? Value, string Model, long N);

    private static Attacked? ParseAttack(ResultRow row, string condition)
    {
        var pairs = FigureText.ParseCondition(condition);
        return pairs is not null
            && pairs.TryGetValue("attack", out var attack)
            && pairs.TryGetValue("norm", out var norm)
            && pairs.TryGetValue("eps", out var epsText)
            && double.TryParse(epsText, NumberStyles.Float, CultureInfo.InvariantCulture, out var eps)
            ? new Attacked(attack, norm, eps, row.Value, row.Model, row.N)
            : null;
    }

    // The budget every model is compared at: L-inf 8/255 when present, else the largest L-inf budget, else the largest of any norm.
    private static (string Norm, double Eps)? ChooseBudget(IReadOnlyCollection<Attacked> attacked)
    {
        if (attacked.Count == 0)
        {
            return null;
        }

        var linf = attacked.Where(a => a.Norm == "linf").ToList();
        if (linf.Any(a => IsStandardBudget(a.Eps)))
        {
            return ("linf", linf.First(a => IsStandardBudget(a.Eps)).Eps);
        }

        if (linf.Count > 0)
        {
            return ("linf", linf.Max(a => a.Eps));
        }

        var largest = attacked.OrderByDescending(a => a.Eps).ThenBy(a => a.Norm, StringComparer.Ordinal).First();
        return (largest.Norm, largest.Eps);
    }

    private static bool IsStandardBudget(double eps) => Math.Abs(eps - StandardLinfBudget) < 1e-9;

    private static string BudgetText(string norm, double eps)
    {
        var levels = eps * 255;
        var budget = Math.Abs(levels - Math.Round(levels)) < 1e-6 && norm == "linf"
            ? Math.Round(levels).ToString(CultureInfo.InvariantCulture) + "/255"
            : eps.ToString("G4", CultureInfo.InvariantCulture);
        return (norm == "linf" ? "L-inf " : norm == "l2" ? "L2 " : norm + " ") + budget;
    }

    private static (StudyMeasure Measure, IEnumerable<(string, double?, long)> Values)? RobustAccuracyMeasure(List<ResultRow> rows)
    {
        var attacked = rows
            .Where(r => r.Analysis == "attack" && r.Metric == "robust_accuracy")
            .Select(r => ParseAttack(r, r.Condition))
            .OfType<Attacked>()
            .ToList();
        var useEnsemble = attacked.Any(a => a.Attack == Ensemble);
        var candidates = useEnsemble ? attacked.Where(a => a.Attack == Ensemble).ToList() : attacked;
        if (ChooseBudget(candidates) is not { } budget)
        {
            return null;
        }

        var atBudget = candidates.Where(a => a.Norm == budget.Norm && Math.Abs(a.Eps - budget.Eps) < 1e-12).ToList();
        var values = atBudget
            .GroupBy(a => a.Model, StringComparer.Ordinal)
            .Select(g =>
            {
                var worst = g.Where(a => a.Value is not null).OrderBy(a => a.Value).FirstOrDefault();
                return (g.Key, worst?.Value, worst?.N ?? 0);
            })
            .ToList();
        var how = useEnsemble ? Ensemble : "lowest over the attacks run";
        var label = $"robust accuracy ({BudgetText(budget.Norm, budget.Eps)})";
        return (new StudyMeasure(RobustAccuracy, StudyMeasureKind.Robustness, label, $"attack: {how} at {BudgetText(budget.Norm, budget.Eps)}", true), values);
    }

    private static (StudyMeasure Measure, IEnumerable<(string, double?, long)> Values)? BlurGain(List<ResultRow> rows)
    {
        // sigma=S;attack=A;norm=N;eps=E -> (sigma, attack)
        var attacked = new List<(double Sigma, Attacked Attack)>();
        foreach (var row in rows.Where(r => r.Analysis == "blur-defense" && r.Metric == "robust_accuracy"))
        {
            var separator = row.Condition.IndexOf(';', StringComparison.Ordinal);
            if (separator < 0 || !row.Condition.StartsWith("sigma=", StringComparison.Ordinal)
                || !double.TryParse(row.Condition.AsSpan(6, separator - 6), NumberStyles.Float, CultureInfo.InvariantCulture, out var sigma)
                || ParseAttack(row, row.Condition[(separator + 1)..]) is not { } attack)
            {
                continue;
            }

            attacked.Add((sigma, attack));
        }

        var plain = attacked.Where(a => a.Sigma == 0).Select(a => a.Attack).ToList();
        var useEnsemble = plain.Any(a => a.Attack == Ensemble);
        var candidates = useEnsemble ? plain.Where(a => a.Attack == Ensemble).ToList() : plain;
        if (ChooseBudget(candidates) is not { } budget)
        {
            return null;
        }

        bool AtBudget(Attacked a) => a.Norm == budget.Norm && Math.Abs(a.Eps - budget.Eps) < 1e-12;

        // Without an ensemble, the attack (ordinal first) that every sigma was attacked with at the budget.
        var attackName = useEnsemble ? Ensemble : candidates.Where(AtBudget).Select(a => a.Attack).Order(StringComparer.Ordinal).First();
        var values = attacked
            .Where(a => a.Attack.Attack == attackName && AtBudget(a.Attack) && a.Attack.Value is not null)
            .GroupBy(a => a.Attack.Model, StringComparer.Ordinal)
            .Select(g =>
            {
                var none = g.Where(a => a.Sigma == 0).Select(a => a.Attack).FirstOrDefault();
                var blurred = g.Where(a => a.Sigma > 0).Select(a => a.Attack).ToList();
                return none is null || blurred.Count == 0
                    ? (g.Key, (double?)null, 0L)
                    : (g.Key, blurred.Max(a => a.Value!.Value) - none.Value!.Value, none.N);
            })
            .ToList();
        var budgetText = BudgetText(budget.Norm, budget.Eps);
        return (new StudyMeasure(BlurDefenseGain, StudyMeasureKind.Robustness, $"blur-defense gain ({attackName}, {budgetText})",
            $"blur defense: best sigma's robust accuracy minus no blur's, {attackName} at {budgetText}", true), values);
    }
}
