using CloudFreq.Core;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Orchestrations.Hosting;

/// <summary>
/// The worker host's settings: the <c>cloudfreq</c> section of host.json (overridable through
/// environment variables <c>cloudfreq__executionProvider</c> and so on).
/// </summary>
public sealed class WorkerHostOptions
{
    public const string SectionName = "cloudfreq";

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string ExecutionProvider { get; set; } = "cpu";

    /// <summary>ONNX Runtime intra-op threads; 0 = one per core.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Images per inference call.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Model sessions kept warm per worker.</summary>
    public int ModelSessionCacheSize { get; set; } = 4;

    /// <summary>Checks every value; the host refuses to start with a clear message otherwise.</summary>
    public ScoringOptions ToScoringOptions()
    {
        var provider = Core.Scoring.ExecutionProvider.Parse(ExecutionProvider);
        if (IntraOpThreads < 0)
        {
            throw new CloudFreqException($"{SectionName}:intraOpThreads must be zero or more, got {IntraOpThreads}.");
        }

        if (BatchSize <= 0)
        {
            throw new CloudFreqException($"{SectionName}:batchSize must be positive, got {BatchSize}.");
        }

        if (ModelSessionCacheSize <= 0)
        {
            throw new CloudFreqException($"{SectionName}:modelSessionCacheSize must be positive, got {ModelSessionCacheSize}.");
        }

        return new ScoringOptions { Provider = provider, IntraOpThreads = IntraOpThreads, BatchSize = BatchSize };
    }
}
