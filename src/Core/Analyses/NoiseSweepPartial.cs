namespace CloudFreq.Core.Analyses;

/// <summary>
/// The noise-sweep counts of one work item: clean [images, correct] under the empty condition, and
/// [images, correct] per <c>noise=..;level=..</c>; merged by addition, so in any order and grouping.
/// </summary>
public sealed record NoiseSweepPartial(ConditionCounts Counts) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other) =>
        new NoiseSweepPartial(Counts.MergedWith(((NoiseSweepPartial)other).Counts));
}
