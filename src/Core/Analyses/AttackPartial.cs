namespace CloudFreq.Core.Analyses;

/// <summary>
/// The attack counts of one work item: [images, correct] under the empty condition and
/// [images, robust] per <c>attack=..;norm=..;eps=..</c>.
/// </summary>
public sealed record AttackPartial(ConditionCounts Counts) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other) =>
        new AttackPartial(Counts.MergedWith(((AttackPartial)other).Counts));
}
