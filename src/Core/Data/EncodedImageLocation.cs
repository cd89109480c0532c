using CloudFreq.Core.Data.Shards;

namespace CloudFreq.Core.Data;

/// <summary>
/// Where one image's encoded bytes are: a whole file (<see cref="Length"/> null), or a byte range of
/// a file, such as a member of a tar shard.
/// </summary>
/// <param name="Shard">For an image in a tar shard: the manifest's entry (name and size), so a missing or replaced shard is reported by name.</param>
internal readonly record struct EncodedImageLocation(string Path, long Offset, long? Length, ShardFile? Shard = null)
{
    /// <summary>A whole image file.</summary>
    public static EncodedImageLocation File(string path) => new(path, 0, null);
}
