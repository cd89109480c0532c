namespace CloudFreq.Core.Study;

/// <summary>Whether a measure describes frequency preference or robustness.</summary>
public enum StudyMeasureKind
{
    Frequency,
    Robustness,
}

/// <summary>
/// One measure of the study: its id (the <c>measure=</c> / <c>frequency=</c> / <c>robustness=</c> value of
/// the study rows), a label for text and plots, where it comes from, and whether it is a fraction.
/// </summary>
public sealed record StudyMeasure(string Id, StudyMeasureKind Kind, string Label, string Source, bool IsFraction);

/// <summary>A model's study values on one dataset.</summary>
/// <param name="Group">The card's group (null when the card has none).</param>
/// <param name="StudyGroup">"standard" (card group <c>base</c>), "robust" (any other group) or null (no group).</param>
public sealed record StudyModel(string Name, string? Group, string? StudyGroup, IReadOnlyDictionary<string, StudyValue> Values);

/// <summary>A measure's value for one model and the images behind it.</summary>
public sealed record StudyValue(double Value, long N);

/// <summary>Mean of a measure per study group.</summary>
public sealed record StudyGroupMeans(string Measure, double? Standard, int StandardModels, double? Robust, int RobustModels);

/// <summary>The correlations of one frequency measure with one robustness measure, over the models with both.</summary>
public sealed record StudyPair(
    StudyMeasure Frequency,
    StudyMeasure Robustness,
    IReadOnlyList<string> Models,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    CorrelationResult Pearson,
    CorrelationResult Spearman,
    (double Intercept, double Slope)? Fit)
{
    public int N => Models.Count;
}

/// <summary>The study of one dataset: the models' measures, group means and every measure pair.</summary>
public sealed record StudyDataset(
    string Dataset,
    IReadOnlyList<StudyMeasure> Measures,
    IReadOnlyList<StudyModel> Models,
    IReadOnlyList<StudyGroupMeans> Groups,
    IReadOnlyList<StudyPair> Pairs);
