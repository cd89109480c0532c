using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// The plan of a run without running it (<c>cloudfreq evaluate --dry-run</c>, DESIGN.md section 4, "Cost"):
/// per dataset, model and analysis the work items, images, model passes and per-image transforms, and an
/// estimated time from a short calibration of each model and each transform family.
/// </summary>
/// <param name="Device">The execution provider the run would use.</param>
/// <param name="Threads">ONNX Runtime intra-op threads (0: one per core).</param>
/// <param name="Cores">Logical cores of this machine.</param>
/// <param name="ModelSeconds">Model passes of the pending items at the calibrated rates; null when not calibrated.</param>
/// <param name="TransformSeconds">Decoding and transforms of the pending items at the calibrated rates; null when not calibrated.</param>
/// <param name="SetupSeconds">Each involved model's setup (session, gradient graph), paid once by a run.</param>
/// <param name="TotalSeconds">Model, transform and setup time on one worker (this machine); null when not calibrated.</param>
/// <param name="Workers">The workers <paramref name="WallSeconds"/> assumes (<c>--workers</c>), each like this machine.</param>
/// <param name="WallSeconds">Wall time with the pending items spread over <paramref name="Workers"/> workers; null when not calibrated.</param>
public sealed record RunEstimate(
    IReadOnlyList<AnalysisEstimate> Lines,
    IReadOnlyList<ModelCalibration> Calibrations,
    IReadOnlyList<TransformCalibration> TransformCalibrations,
    string Device,
    int Threads,
    int Cores,
    int TotalItems,
    int PendingItems,
    long Images,
    PassCount Passes,
    bool UpperBound,
    double? ModelSeconds,
    double? TransformSeconds,
    double SetupSeconds,
    double? TotalSeconds,
    int Workers,
    double? WallSeconds);
