namespace CloudFreq.Orchestrations.Api;

/// <summary>What the runs API needs from its host.</summary>
public sealed record RunsApiOptions
{
    /// <summary>Largest accepted request body (run specs are small).</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;
}
