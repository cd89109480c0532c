namespace CloudFreq.Core.Data;

/// <summary>
/// Where one image's encoded bytes are: a whole file (<see cref="Length"/> null), or a byte range of
/// a file, such as a member of a tar shard.
/// </summary>
internal readonly record struct EncodedImageLocation(string Path, long Offset, long? Length)
{
    /// <summary>A whole image file.</summary>
    public static EncodedImageLocation File(string path) => new(path, 0, null);
}
