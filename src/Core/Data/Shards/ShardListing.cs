namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Lists a sharded dataset: a folder holding <c>shards.json</c> and the tar shards it names, so a
/// sharded copy lists exactly the ids, labels, order and class names of its source. A version 2
/// manifest lists every image, so no tar is opened (they may be absent until an image is read); a
/// version 1 manifest lists shards only, so every shard is indexed and checked against it.
/// </summary>
internal static class ShardListing
{
    public static ImageListing Read(string folder, DatasetOptions options, IShardFiles? shardFiles = null)
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
        var files = shardFiles ?? new FolderShardFiles(folder);
        var ids = new List<string>(manifest.Samples);
        var labels = new List<int>(manifest.Samples);
        var locations = new List<EncodedImageLocation>(manifest.Samples);
        var shardOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in manifest.Shards)
        {
            var path = files.PathOf(shard.File);
            var samples = manifest.ListsImages ? FromManifest(shard, path, manifestPath, classNames.Count) : Indexed(shard, path, manifestPath, classNames.Count);
            foreach (var sample in samples)
            {
                if (!shardOf.TryAdd(sample.Id, shard.File))
                {
                    throw new CloudFreqException($"{(manifest.ListsImages ? manifestPath : path)}: the image id '{sample.Id}' occurs twice (in {shardOf[sample.Id]} and {shard.File}).");
                }

                ids.Add(sample.Id);
                labels.Add(sample.Label);
                locations.Add(sample.Image with { Shard = shard });
            }
        }

        return new ImageListing(folder, ids, labels, classNames, manifest.IgnoredFiles, locations, manifest.FirstImageSize);
    }

    // Version 2: the manifest says where each image is; the tar is not touched.
    private static IEnumerable<ShardSample> FromManifest(ShardFile shard, string path, string manifestPath, int classCount)
    {
        foreach (var image in shard.Images!)
        {
            if (image.Label >= classCount)
            {
                throw new CloudFreqException(
                    $"{manifestPath}: image '{image.Id}' of {shard.File}: the label {image.Label} is not a class index below {classCount} (the number of class names).");
            }

            if (!ShardSampleIds.IsInside(image.Id))
            {
                throw new CloudFreqException($"{manifestPath}: image id '{image.Id}' of {shard.File} is not a relative path inside the dataset.");
            }

            yield return new ShardSample(image.Id, image.Label, new EncodedImageLocation(path, image.Offset, image.Length));
        }
    }

    // Version 1: index the tar's headers, after checking it is there and whole.
    private static IReadOnlyList<ShardSample> Indexed(ShardFile shard, string path, string manifestPath, int classCount)
    {
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

        var samples = ShardIndexer.Index(path, classCount);
        return samples.Count == shard.Samples
            ? samples
            : throw new CloudFreqException($"{path}: holds {samples.Count} samples, but {manifestPath} says {shard.Samples}.");
    }
}
