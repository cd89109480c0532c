using System.Globalization;

namespace CloudFreq.Core.Study;

/// <summary>
/// The study's verdicts in words, written from the numbers: one paragraph per measure pair, a sentence per
/// measure comparing the groups, and an overall line saying on how many pairs the study's claim holds. Signs
/// follow the measures: every frequency measure is lower for a stronger low-frequency preference, every
/// robustness measure higher for a more robust model, so the claim predicts a negative correlation
/// (clean accuracy is context, not part of the claim).
/// </summary>
public static class StudyVerdicts
{
    /// <summary>Below this |coefficient| a relation is called unclear.</summary>
    public const double WeakCorrelation = 0.3;

    /// <summary>Whether the study's claim speaks about this robustness measure (not clean accuracy).</summary>
    public static bool InClaim(StudyMeasure robustness) =>
        robustness.Kind == StudyMeasureKind.Robustness && robustness.Id != StudyCalculator.CleanAccuracy;

    /// <summary>A measure's value as text: fractions as percentages (gains in points), frequencies to 3 decimals.</summary>
    public static string Format(StudyMeasure measure, double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return "none";
        }

        if (measure.Id == StudyCalculator.BlurDefenseGain)
        {
            return (v >= 0 ? "+" : string.Empty) + (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " points";
        }

        return measure.IsFraction
            ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%"
            : v.ToString("0.000", CultureInfo.InvariantCulture);
    }

    /// <summary>A coefficient to two decimals ("none" when undefined).</summary>
    public static string Coefficient(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : "none";

    /// <summary>A p-value to two significant digits.</summary>
    public static string PValue(double? value) =>
        value is { } v ? (v < 0.001 ? "< 0.001" : v.ToString("0.###", CultureInfo.InvariantCulture)) : "none";

    /// <summary>"robust models ... : f_rev 0.14 vs 0.34 (standard)", or null without both groups.</summary>
    public static string? GroupSentence(StudyDataset study, StudyMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(measure);
        var group = study.Groups.FirstOrDefault(g => g.Measure == measure.Id);
        if (group is null || group.Standard is not { } standard || group.Robust is not { } robust)
        {
            return null;
        }

        var numbers = $"{measure.Label} {Format(measure, robust)} (robust, {Models(group.RobustModels)}) vs {Format(measure, standard)} (standard, {Models(group.StandardModels)})";
        if (measure.Kind == StudyMeasureKind.Frequency)
        {
            return robust < standard ? $"robust models prefer lower frequencies: {numbers}"
                : robust > standard ? $"robust models prefer higher frequencies, against the study's claim: {numbers}"
                : $"robust and standard models have the same frequency preference: {numbers}";
        }

        return robust > standard ? $"robust models score higher: {numbers}"
            : robust < standard ? $"robust models score lower: {numbers}"
            : $"robust and standard models score the same: {numbers}";
    }

    /// <summary>One paragraph on a measure pair, written from its numbers.</summary>
    public static string Verdict(StudyDataset study, StudyPair pair)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(pair);
        var f = pair.Frequency;
        var r = pair.Robustness;
        var parts = new List<string>();
        if (pair.N < StudyStatistics.MinModels || pair.Spearman.Value is null)
        {
            parts.Add(pair.N < StudyStatistics.MinModels
                ? $"{Capital(f.Label)} vs {r.Label}: not enough models ({Models(pair.N)} with both; a correlation needs at least {StudyStatistics.MinModels})."
                : $"{Capital(f.Label)} vs {r.Label}: no correlation over {Models(pair.N)}, since one of the measures is the same for all of them.");
        }
        else
        {
            var rho = pair.Spearman.Value.Value;
            string relation;
            if (Math.Abs(rho) < WeakCorrelation)
            {
                relation = $"no clear relation between {f.Label} and {r.Label}";
            }
            else if (rho < 0)
            {
                relation = $"lower {f.Label} (a stronger low-frequency preference) goes with higher {r.Label}";
            }
            else
            {
                relation = $"lower {f.Label} (a stronger low-frequency preference) goes with lower {r.Label}";
            }

            var interval = pair.Spearman.CiLow is { } low && pair.Spearman.CiHigh is { } high
                ? $" [{Coefficient(low)}, {Coefficient(high)}]"
                : string.Empty;
            var exact = pair.Spearman.ExactPValue ? "exact" : "Monte Carlo";
            parts.Add($"{Capital(relation)}: Spearman {Coefficient(rho)}{interval}, Pearson {Coefficient(pair.Pearson.Value)} over {Models(pair.N)} "
                + $"(permutation p = {PValue(pair.Spearman.PValue)}, {exact}).");
            if (pair.N <= 5)
            {
                var smallest = 2.0 / Factorial(pair.N);
                parts.Add($"With {Models(pair.N)} the smallest possible two-sided p is {PValue(smallest)}, so this is a description of these models, not a test.");
            }
            else if (pair.N < StudyStatistics.MinBootstrapModels)
            {
                parts.Add($"No confidence interval below {StudyStatistics.MinBootstrapModels} models.");
            }

            if (InClaim(r))
            {
                parts.Add(Math.Abs(rho) < WeakCorrelation ? "This neither supports nor contradicts the study's claim."
                    : rho < 0 ? "This agrees with the study's claim."
                    : "This contradicts the study's claim.");
            }
            else
            {
                parts.Add("The study's claim is about robustness; clean accuracy is shown for context.");
            }
        }

        var groupF = GroupSentence(study, f);
        var groupR = GroupSentence(study, r);
        if (groupF is not null)
        {
            parts.Add(Capital(groupF) + ".");
        }

        if (groupR is not null)
        {
            parts.Add(Capital(groupR) + ".");
        }

        return string.Join(" ", parts);
    }

    /// <summary>Which claim pairs (frequency vs a robustness measure other than clean accuracy, with at least 3 models) agree.</summary>
    public static (int Agree, int Contradict, int Unclear) ClaimTally(StudyDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Tally(ClaimPairs(study));
    }

    /// <summary>
    /// The overall verdict of a dataset's study: one sentence over every claim pair, then one clause per
    /// robustness measure, since the claim may hold for one kind of robustness (attacks) and fail for
    /// another (corruptions), and a single tally would hide which.
    /// </summary>
    public static string Overall(StudyDataset study)
    {
        var (agree, contradict, unclear) = ClaimTally(study);
        var total = agree + contradict + unclear;
        if (total == 0)
        {
            var robustness = study.Pairs.Any(p => InClaim(p.Robustness) && p.N > 0);
            return study.Models.Count >= StudyStatistics.MinModels && !robustness
                ? $"On {study.Dataset} ({Models(study.Models.Count)}), the study's claim cannot be tested: the run measured no robustness (run attack, corruptions or blur-defense, as the paper suite does)."
                : $"On {study.Dataset}, not enough models ({Models(study.Models.Count)}) to test the study's claim (at least {StudyStatistics.MinModels} with a frequency and a robustness measure).";
        }

        var overall = $"On {study.Dataset} ({Models(study.Models.Count)}), the study's claim (a lower frequency preference goes with more robustness) {Word(agree, contradict, unclear)}: "
            + $"of {total} frequency x robustness pairs, {agree} agree (Spearman <= -{WeakCorrelation.ToString(CultureInfo.InvariantCulture)}), "
            + $"{contradict} contradict (>= {WeakCorrelation.ToString(CultureInfo.InvariantCulture)}) and {unclear} show no clear relation.";
        var byMeasure = ClaimPairs(study)
            .GroupBy(p => p.Robustness.Id)
            .Select(g =>
            {
                var (a, c, u) = Tally(g);
                return $"for {g.First().Robustness.Label} it {Word(a, c, u)} ({a} of {a + c + u} frequency measures agree, {c} contradict)";
            })
            .ToList();
        return byMeasure.Count < 2 ? overall : overall + " By robustness measure: " + string.Join("; ", byMeasure) + ".";
    }

    private static IEnumerable<StudyPair> ClaimPairs(StudyDataset study) =>
        study.Pairs.Where(p => InClaim(p.Robustness) && p.N >= StudyStatistics.MinModels && p.Spearman.Value is not null);

    private static (int Agree, int Contradict, int Unclear) Tally(IEnumerable<StudyPair> pairs)
    {
        var agree = 0;
        var contradict = 0;
        var unclear = 0;
        foreach (var rho in pairs.Select(p => p.Spearman.Value!.Value))
        {
            if (Math.Abs(rho) < WeakCorrelation)
            {
                unclear++;
            }
            else if (rho < 0)
            {
                agree++;
            }
            else
            {
                contradict++;
            }
        }

        return (agree, contradict, unclear);
    }

    private static string Word(int agree, int contradict, int unclear) =>
        agree > contradict + unclear ? "mostly holds"
        : contradict > agree + unclear ? "mostly fails"
        : "is mixed";

    /// <summary>Console lines: the overall verdict and one line per pair.</summary>
    public static IEnumerable<string> Summary(StudyDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        yield return Overall(study);
        foreach (var pair in study.Pairs)
        {
            yield return pair.N < StudyStatistics.MinModels
                ? $"  {pair.Frequency.Id} vs {pair.Robustness.Id}: n = {pair.N}, not enough models"
                : $"  {pair.Frequency.Id} vs {pair.Robustness.Id}: Spearman {Coefficient(pair.Spearman.Value)} (p = {PValue(pair.Spearman.PValue)}), Pearson {Coefficient(pair.Pearson.Value)} (p = {PValue(pair.Pearson.PValue)}), n = {pair.N}";
        }
    }

    private static string Models(int count) => count == 1 ? "1 model" : count.ToString(CultureInfo.InvariantCulture) + " models";

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static double Factorial(int n)
    {
        var result = 1.0;
        for (var i = 2; i <= n; i++)
        {
            result *= i;
        }

        return result;
    }
}
