namespace CloudFreq.Core.Analyses;

/// <summary>
/// The hybrid counts of one work item: [pairs, predictions equal to A's label, equal to B's label]
/// per <c>alpha=..;seed=..</c>.
/// </summary>
public sealed record HybridPartial(ConditionCounts Counts) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other) =>
        new HybridPartial(Counts.MergedWith(((HybridPartial)other).Counts));
}
