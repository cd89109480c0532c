namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// <c>shards.json</c>: what a sharded dataset holds, so that it opens with exactly the ids, labels,
/// order, class names and ignored-file count of the folder it was made from.
/// </summary>
/// <param name="Version">The manifest's schema version (<see cref="CurrentVersion"/>).</param>
/// <param name="SourceFormat">The format the shards were made from (ImageFolder or LabelsCsv), for people and reports.</param>
/// <param name="Samples">Images over all shards.</param>
/// <param name="IgnoredFiles">Non-image files the source folder held (the source's own count, kept for the report).</param>
/// <param name="ClassNames">Class names, indexed by label.</param>
/// <param name="Shards">The tar files in sample order.</param>
public sealed record ShardManifest(
    int Version,
    string SourceFormat,
    int Samples,
    int IgnoredFiles,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<ShardFile> Shards)
{
    /// <summary>The manifest's file name in a sharded dataset folder.</summary>
    public const string FileName = "shards.json";

    /// <summary>The value of the manifest's <c>format</c> field.</summary>
    public const string FormatName = "cloudfreq-shards";

    public const int CurrentVersion = 1;
}

/// <summary>One tar shard: its file name in the dataset folder, its sample count and its size in bytes.</summary>
public sealed record ShardFile(string File, int Samples, long Bytes);
