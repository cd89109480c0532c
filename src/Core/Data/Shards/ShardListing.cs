namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Lists a sharded dataset: a folder holding <c>shards.json</c> and the tar shards it names. Every
/// shard is indexed and checked against the manifest (size, sample count, class range, unique ids),
/// so a sharded copy lists exactly the ids, labels, order and class names of its source.
/// </summary>
internal static class ShardListing
{
    public static ImageListing Read(string folder, DatasetOptions options)
    {
        var manifestPath = Path.Combine(folder, ShardManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new CloudFreqException($"{manifestPath}: not found; a sharded dataset is a folder with {ShardManifest.FileName} and its .tar shards.");
        }

        var manifest = ShardManifestJson.Read(manifestPath);
        var listed = manifest.Shards.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
        var stray = Directory.EnumerateFiles(folder, "*.tar").Select(Path.GetFileName).Where(n => n is not null && !listed.Contains(n)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (stray is not null)
        {
            throw new CloudFreqException($"{Path.Combine(folder, stray)}: this shard is not listed in {manifestPath}; remove it or rewrite the shards.");
        }

        var classNames = options.ClassNames ?? manifest.ClassNames;
        var ids = new List<string>(manifest.Samples);
        var labels = new List<int>(manifest.Samples);
        var locations = new List<EncodedImageLocation>(manifest.Samples);
        var shardOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in manifest.Shards)
        {
            var path = Path.Combine(folder, shard.File);
            if (!File.Exists(path))
            {
                throw new CloudFreqException($"{path}: the shard is missing (listed in {manifestPath}).");
            }

            var length = new FileInfo(path).Length;
            if (length != shard.Bytes)
            {
                throw new CloudFreqException(
                    $"{path}: {length} bytes, but {manifestPath} says {shard.Bytes} ({(length < shard.Bytes ? "truncated" : "the file was replaced or appended to")}).");
            }

            var samples = ShardIndexer.Index(path, classNames.Count);
            if (samples.Count != shard.Samples)
            {
                throw new CloudFreqException($"{path}: holds {samples.Count} samples, but {manifestPath} says {shard.Samples}.");
            }

            foreach (var sample in samples)
            {
                if (!shardOf.TryAdd(sample.Id, shard.File))
                {
                    throw new CloudFreqException($"{path}: the image id '{sample.Id}' occurs twice (also in {shardOf[sample.Id]}).");
                }

                ids.Add(sample.Id);
                labels.Add(sample.Label);
                locations.Add(sample.Image);
            }
        }

        return new ImageListing(folder, ids, labels, classNames, manifest.IgnoredFiles, locations);
    }
}
