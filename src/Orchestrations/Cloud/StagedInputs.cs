using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>A cloud run spec and the same spec over the local copies of its blobs.</summary>
/// <param name="CloudSpec">The spec as the run records it (blob names), dataset names filled in: the run's identity.</param>
/// <param name="LocalSpec">The spec the preparer opens: local paths in the cache, the same dataset and model names.</param>
public sealed record StagedInputs(RunSpec CloudSpec, RunSpec LocalSpec);
