namespace CloudFreq.Core.Data.Shards;

/// <summary>One sample of a tar shard as indexed: its image id, its label and where its image bytes are.</summary>
internal sealed record ShardSample(string Id, int Label, EncodedImageLocation Image);
