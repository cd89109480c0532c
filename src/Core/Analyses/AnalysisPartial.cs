using System.Text.Json.Serialization;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// What one work item computed for one analysis: counts and sums that merge associatively
/// (DESIGN.md section 1). Serialized as JSON into the item's result blob, with a <c>kind</c> tag.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(CleanAccuracyPartial), CleanAccuracyAnalysis.AnalysisName)]
[JsonDerivedType(typeof(FrequencySweepPartial), FrequencySweepAnalysis.AnalysisName)]
[JsonDerivedType(typeof(HybridPartial), HybridAnalysis.AnalysisName)]
[JsonDerivedType(typeof(CorruptionsPartial), CorruptionsAnalysis.AnalysisName)]
[JsonDerivedType(typeof(AttackPartial), AttackAnalysis.AnalysisName)]
[JsonDerivedType(typeof(MinPerturbationPartial), MinPerturbationAnalysis.AnalysisName)]
[JsonDerivedType(typeof(BlurDefensePartial), BlurDefenseAnalysis.AnalysisName)]
[JsonDerivedType(typeof(FourierHeatmapPartial), FourierHeatmapAnalysis.AnalysisName)]
[JsonDerivedType(typeof(NoiseSweepPartial), NoiseSweepAnalysis.AnalysisName)]
public abstract record AnalysisPartial
{
    /// <summary>Returns the merge of this partial and <paramref name="other"/> (of the same analysis).</summary>
    public abstract AnalysisPartial Merge(AnalysisPartial other);
}
