using CloudFreq.Core.Metrics;

namespace CloudFreq.Core.Analyses;

/// <summary>The clean-accuracy counts of one work item.</summary>
public sealed record CleanAccuracyPartial(ClassificationCounts Counts) : AnalysisPartial
{
    public override AnalysisPartial Merge(AnalysisPartial other)
    {
        var that = other as CleanAccuracyPartial
            ?? throw new InvalidOperationException($"cannot merge {other.GetType().Name} into {nameof(CleanAccuracyPartial)}.");
        var merged = new ClassificationCounts(Counts.ClassCount);
        merged.MergeFrom(Counts);
        merged.MergeFrom(that.Counts);
        return new CleanAccuracyPartial(merged);
    }
}
