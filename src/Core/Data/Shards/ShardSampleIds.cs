namespace CloudFreq.Core.Data.Shards;

/// <summary>The rule for a shard sample's image id, from a tar's id member or a version 2 manifest.</summary>
internal static class ShardSampleIds
{
    /// <summary>
    /// Ids are stable identities and become relative paths (corrupt writes images by id): a non-empty
    /// relative path with '/' separators that stays inside the dataset.
    /// </summary>
    public static bool IsInside(string id) =>
        id.Length > 0 && !id.Contains('\\', StringComparison.Ordinal) && !id.StartsWith('/') && !id.Split('/').Contains("..");
}
