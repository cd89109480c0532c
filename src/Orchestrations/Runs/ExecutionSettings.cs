using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>How a host executes work items; never part of a run's identity.</summary>
public sealed record ExecutionSettings
{
    public ScoringOptions Scoring { get; init; } = new();

    /// <summary>Threads decoding images; 0 = one per core.</summary>
    public int DecodeThreads { get; init; }
}
