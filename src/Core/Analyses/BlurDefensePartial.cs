namespace CloudFreq.Core.Analyses;

/// <summary>
/// The blur-defense counts of one work item, per sigma (0 = the plain model): [images, correct]
/// under <c>sigma=..</c>, [images, robust] under <c>sigma=..;attack=..;norm=..;eps=..</c> and
/// [images, correct] under <c>sigma=..;corruption=..;severity=..</c>.
/// </summary>
public sealed record BlurDefensePartial(ConditionCounts Counts) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other) =>
        new BlurDefensePartial(Counts.MergedWith(((BlurDefensePartial)other).Counts));
}
