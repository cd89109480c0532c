namespace CloudFreq.Core.Analyses;

/// <summary>
/// The sweep counts of one work item: clean [images, correct] under the empty condition, and
/// [images, correct] per <c>filter=..;shape=..;cutoff=..</c>.
/// </summary>
public sealed record FrequencySweepPartial(ConditionCounts Counts) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other) =>
        new FrequencySweepPartial(Counts.MergedWith(((FrequencySweepPartial)other).Counts));
}
