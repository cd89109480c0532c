using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// The plan of a run without running it (<c>cloudfreq evaluate --dry-run</c>, DESIGN.md section 4, "Cost"):
/// per dataset, model and analysis the work items, images and model passes, and an estimated time from a
/// short calibration of each model.
/// </summary>
/// <param name="Device">The execution provider the run would use.</param>
/// <param name="Threads">ONNX Runtime intra-op threads (0: one per core).</param>
/// <param name="Cores">Logical cores of this machine.</param>
/// <param name="TotalSeconds">
/// Model time of the pending items plus each involved model's setup; null when not calibrated. Image decoding
/// and the transforms themselves (filters, corruptions) are not in it.
/// </param>
public sealed record RunEstimate(
    IReadOnlyList<AnalysisEstimate> Lines,
    IReadOnlyList<ModelCalibration> Calibrations,
    string Device,
    int Threads,
    int Cores,
    int TotalItems,
    int PendingItems,
    long Images,
    PassCount Passes,
    bool UpperBound,
    double? TotalSeconds);
