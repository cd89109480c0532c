namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Shards beside their manifest in the dataset folder: how <c>cloudfreq shard</c> writes them, and where
/// a cloud worker stages the ones its work items need (into its cached copy of the folder).
/// </summary>
public sealed class FolderShardFiles(string folder) : IShardFiles
{
    public string PathOf(string shardFile) => Path.Combine(folder, shardFile);
}
