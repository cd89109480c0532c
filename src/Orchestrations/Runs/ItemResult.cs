using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// The stored result of one work item: its partial and what it skipped. Written once per item
/// (create-if-absent), so a second delivery of the item changes nothing.
/// </summary>
public sealed record ItemResult
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string ItemId { get; init; }

    public required string Analysis { get; init; }

    /// <summary>SHA-256 of the model the item scored; a summary refuses to mix hashes.</summary>
    public required string ModelSha256 { get; init; }

    public required AnalysisPartial Partial { get; init; }

    public IReadOnlyList<SkippedImage> Skipped { get; init; } = [];

    public required ItemTimings Timings { get; init; }
}

/// <summary>Where an item's time went; never merged into the numbers.</summary>
public sealed record ItemTimings(int Images, double TotalSeconds, double DecodeSeconds);
