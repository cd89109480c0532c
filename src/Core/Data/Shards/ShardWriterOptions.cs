namespace CloudFreq.Core.Data.Shards;

/// <summary>How <see cref="ShardWriter"/> cuts a dataset into tar shards.</summary>
public sealed record ShardWriterOptions
{
    /// <summary>About 100 MB: one blob read per work item, small enough to stage quickly (WebDataset's usual size).</summary>
    public const long DefaultMaxShardBytes = 100L * 1000 * 1000;

    /// <summary>
    /// The largest a shard may grow, tar headers and end blocks included. A sample is never split, so a
    /// single sample larger than this gets a shard of its own.
    /// </summary>
    public long MaxShardBytes { get; init; } = DefaultMaxShardBytes;

    /// <summary>
    /// The manifest version to write: 2 (default) lists every image in the manifest and leaves out the
    /// per-sample <c>KEY.id.txt</c> member; 1 writes the earlier layout (id members, shards listed only),
    /// for readers that predate version 2 and for comparisons.
    /// </summary>
    public int ManifestVersion { get; init; } = ShardManifest.CurrentVersion;
}
