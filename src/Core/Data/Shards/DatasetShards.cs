namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Which tar shards a set of a dataset's images lives in: what a worker must have on disk before it
/// reads them (the rest of a version 2 sharded dataset may stay in storage).
/// </summary>
public static class DatasetShards
{
    /// <summary>
    /// The distinct shards holding the entries at <paramref name="indices"/> (positions in
    /// <see cref="IImageDataset.Entries"/>), in file-name order; empty for a dataset that is not sharded.
    /// </summary>
    public static IReadOnlyList<ShardFile> Of(IImageDataset dataset, IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        if (dataset is not EncodedImageDataset { Format: DatasetFormat.Shards } sharded)
        {
            return [];
        }

        var shards = new Dictionary<string, ShardFile>(StringComparer.Ordinal);
        foreach (var index in indices)
        {
            if (sharded.ShardOf(index) is { } shard)
            {
                shards.TryAdd(shard.File, shard);
            }
        }

        return [.. shards.Values.OrderBy(s => s.File, StringComparer.Ordinal)];
    }
}
