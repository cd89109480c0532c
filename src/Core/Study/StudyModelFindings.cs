using System.Globalization;

namespace CloudFreq.Core.Study;

/// <summary>
/// What the study found for each model, in one sentence: where the model stands among the dataset's models on
/// the headline frequency measure (f_rev when measured) and on the headline robustness measures (robust
/// accuracy and Gaussian-noise level_half when measured, else corruption accuracy), and whether its standing
/// is the one the study's claim predicts (a lower frequency measure with a higher robustness measure).
/// </summary>
/// <remarks>
/// Standing is a model's average rank against the middle rank of the models measured, so a model counts as
/// "in line with the claim" on a measure when it sits on the low side of the frequency measure and the high
/// side of the robustness measure, or on the high and low sides; a model on the middle rank is neither.
/// </remarks>
public static class StudyModelFindings
{
    /// <summary>One sentence per model of <paramref name="study"/>, in the study's model order.</summary>
    public static IReadOnlyList<string> For(StudyDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return [.. study.Models.Select(model => Sentence(study, model))];
    }

    /// <summary>The headline frequency measure: f_rev when measured, else the first frequency measure.</summary>
    public static StudyMeasure? FrequencyHeadline(StudyDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var frequency = study.Measures.Where(m => m.Kind == StudyMeasureKind.Frequency).ToList();
        return frequency.FirstOrDefault(m => m.Id == StudyCalculator.FRev) ?? frequency.FirstOrDefault();
    }

    /// <summary>
    /// The headline robustness measures: robust accuracy and the Gaussian noise's level_half when measured (the
    /// study's claim: robust models prefer low frequencies and resist noise); else corruption accuracy; else
    /// the first robustness measure of the claim.
    /// </summary>
    public static IReadOnlyList<StudyMeasure> RobustnessHeadlines(StudyDataset study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var claim = study.Measures.Where(StudyVerdicts.InClaim).ToList();
        var preferred = claim.Where(m => m.Id == StudyCalculator.RobustAccuracy || m.Id == StudyCalculator.NoiseLevelHalfPrefix + "gaussian").ToList();
        if (preferred.Count > 0)
        {
            return preferred;
        }

        var corruption = claim.FirstOrDefault(m => m.Id == StudyCalculator.CorruptionAccuracy) ?? claim.FirstOrDefault();
        return corruption is null ? [] : [corruption];
    }

    /// <summary>The sentence of one model.</summary>
    public static string Sentence(StudyDataset study, StudyModel model)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(model);
        var subject = model.StudyGroup is { } group ? $"{model.Name} ({model.Group}, {group})" : model.Name;
        var frequency = FrequencyHeadline(study);
        if (frequency is null || !model.Values.TryGetValue(frequency.Id, out var f))
        {
            return $"{subject}: no frequency measure, so the study says nothing about it.";
        }

        var (fPosition, fText) = Standing(study, frequency, f.Value, lowerFirst: true);
        var clauses = new List<string> { $"{frequency.Label} {StudyVerdicts.Format(frequency, f.Value)} ({fText})" };
        var agree = new List<string>();
        var against = new List<string>();
        foreach (var robustness in RobustnessHeadlines(study))
        {
            if (!model.Values.TryGetValue(robustness.Id, out var r))
            {
                // Undefined values are left out of the study: for level_half that is a curve that never fell half-way.
                clauses.Add($"{robustness.Label} none (never reached, or not run)");
                continue;
            }

            var (rPosition, rText) = Standing(study, robustness, r.Value, lowerFirst: false);
            clauses.Add($"{robustness.Label} {StudyVerdicts.Format(robustness, r.Value)} ({rText})");
            if (fPosition != 0 && rPosition != 0)
            {
                (Math.Sign(fPosition) == Math.Sign(rPosition) ? agree : against).Add(robustness.Label);
            }
        }

        var verdict = agree.Count == 0 && against.Count == 0 ? "neither for nor against the study's claim"
            : against.Count == 0 ? "in line with the study's claim"
            : agree.Count == 0 ? "against the study's claim"
            : $"in line with the study's claim on {string.Join(" and ", agree)}, against it on {string.Join(" and ", against)}";
        return $"{subject}: {string.Join("; ", clauses)}: {verdict}.";
    }

    /// <summary>
    /// The model's position (average rank minus the middle rank; negative = among the lowest when
    /// <paramref name="lowerFirst"/>, among the highest otherwise) and its standing in words.
    /// </summary>
    private static (double Position, string Text) Standing(StudyDataset study, StudyMeasure measure, double value, bool lowerFirst)
    {
        var values = study.Models.Where(m => m.Values.ContainsKey(measure.Id)).Select(m => m.Values[measure.Id].Value).ToList();
        var n = values.Count;
        var before = values.Count(v => lowerFirst ? v < value : v > value);
        var tied = values.Count(v => v == value);
        var rank = before + ((tied + 1) / 2.0);
        var position = rank - ((n + 1) / 2.0);
        var side = lowerFirst ? "lowest" : "highest";
        var other = lowerFirst ? "highest" : "lowest";
        var of = $"of {n.ToString(CultureInfo.InvariantCulture)} models";
        var text = n < 2 ? "the only model measured"
            : tied == n ? $"the same for all {n.ToString(CultureInfo.InvariantCulture)} models"
            : tied > 1 ? $"tied {Ordinal(before + 1)} {side} {of}"
            : before == 0 ? $"the {side} {of}"
            : before == n - 1 ? $"the {other} {of}"
            : $"the {Ordinal(before + 1)} {side} {of}";
        return (position, text);
    }

    private static string Ordinal(int k) => k.ToString(CultureInfo.InvariantCulture) + (k % 100 is 11 or 12 or 13 ? "th" : (k % 10) switch
    {
        1 => "st",
        2 => "nd",
        3 => "rd",
        _ => "th",
    });
}
