using CloudFreq.Core.Costs;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>The cost of one analysis on one dataset and model: the work a run of the plan would do.</summary>
/// <param name="Items">Work items planned.</param>
/// <param name="ResumedItems">Items whose results the output folder already holds: a run would not compute them.</param>
/// <param name="Images">Images of the items still to compute (hybrid: pairs).</param>
/// <param name="Passes">Forward and backward passes of the items still to compute.</param>
/// <param name="UpperBound">The passes assume every image is attacked for the whole schedule (attacks skip misclassified images and stop on success).</param>
/// <param name="AttackPasses">The part of <paramref name="Passes"/> spent attacking: every image attacked for the whole schedule.</param>
/// <param name="Transforms">Per-image transforms of the items still to compute, one entry per family.</param>
/// <param name="ModelSeconds">
/// Estimated model time at the model's calibrated rates, attacks counting only the share of images the model
/// classifies correctly (<see cref="ModelCalibration.SampleAccuracy"/>); null when not calibrated.
/// </param>
/// <param name="TransformSeconds">Estimated time of <paramref name="Transforms"/> at their calibrated rates; null when not calibrated.</param>
public sealed record AnalysisEstimate(
    string Dataset,
    string Model,
    string Analysis,
    int Items,
    int ResumedItems,
    long Images,
    PassCount Passes,
    bool UpperBound,
    PassCount AttackPasses,
    IReadOnlyList<TransformCount> Transforms,
    double? ModelSeconds = null,
    double? TransformSeconds = null)
{
    /// <summary>Items a run would compute.</summary>
    public int PendingItems => Items - ResumedItems;

    /// <summary>Model and transform time together; null when either is unknown.</summary>
    public double? TotalSeconds => ModelSeconds + TransformSeconds;
}
