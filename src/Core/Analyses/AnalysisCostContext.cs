using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Analyses;

/// <summary>What an analysis needs to count the model passes of a work item without running it.</summary>
/// <param name="Shape">The dataset's image shape (distinct frequency masks, heat-map basis images and default budgets depend on it).</param>
/// <param name="ClassCount">The model's classes (APGD-T tries at most ClassCount - 1 targets).</param>
public sealed record AnalysisCostContext(ImageShape Shape, int ClassCount);
