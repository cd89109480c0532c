namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Where the tar shards of a sharded dataset are on this machine: a shard's file name in the manifest
/// resolves to a local path. The shard need not be there when the dataset is opened (a version 2
/// manifest lists every image); reading an image whose shard is absent is an error naming the shard.
/// </summary>
public interface IShardFiles
{
    /// <summary>The local path of shard <paramref name="shardFile"/> (a file name from the manifest), present or not.</summary>
    string PathOf(string shardFile);
}
