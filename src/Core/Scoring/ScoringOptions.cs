namespace CloudFreq.Core.Scoring;

/// <summary>How models are run: provider, threads and the inference batch size.</summary>
public sealed record ScoringOptions
{
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Images per inference call.</summary>
    public int BatchSize { get; init; } = 64;
}
