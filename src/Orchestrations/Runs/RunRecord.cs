namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// The record a run keeps beside its results: which spec and models it is, so a resumed run
/// can prove it continues the same work.
/// </summary>
public sealed record RunRecord
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string RunId { get; init; }

    public required string Fingerprint { get; init; }

    public required DateTimeOffset CreatedTime { get; init; }

    public required RunSpec Spec { get; init; }

    /// <summary>Model path -> SHA-256 of its bytes at the start of the run.</summary>
    public required IReadOnlyDictionary<string, string> ModelHashes { get; init; }
}
