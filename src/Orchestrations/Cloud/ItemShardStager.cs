using System.Collections.Concurrent;
using System.Security.Cryptography;
using CloudFreq.Core;
using CloudFreq.Core.Data.Shards;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Brings the tar shards a work item reads from blob storage into the run's staged dataset folder,
/// before the shared executor runs the item: a worker downloads only the shards of its items' images,
/// not the whole dataset (DESIGN.md section 3: a work item reads one blob rather than hundreds).
/// </summary>
/// <remarks>
/// The staged folder is content-addressed by the manifest, which holds each shard's size and SHA-256,
/// so a downloaded shard is checked against both (a blob replaced after the upload is an error, never
/// stale or mixed bytes). Each shard is written to a private temporary file in the folder and renamed
/// into place, so concurrent worker processes sharing the cache only ever see whole shards; within one
/// process a shard is downloaded once however many items want it at the same time.
/// </remarks>
public sealed class ItemShardStager(IBlobStore blobs)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _downloads = new(StringComparer.Ordinal);

    /// <summary>Stages the shards holding the images <paramref name="item"/> reads (its range, subset or pairs).</summary>
    /// <param name="run">The prepared cloud run: its spec names the datasets' blob prefixes.</param>
    /// <returns>The shards this call downloaded (already staged ones are not listed).</returns>
    public Task<IReadOnlyList<ShardFile>> StageAsync(PreparedRun run, WorkItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(item);
        var dataset = run.Datasets[item.DatasetIndex];
        return StageAsync(run, item.DatasetIndex, item.Item.ImagesRead(dataset.Dataset.Entries.Count, dataset.IndexOf), cancellationToken);
    }

    /// <summary>Stages the shards holding entries <paramref name="indices"/> of dataset <paramref name="datasetIndex"/>.</summary>
    /// <returns>The shards this call downloaded.</returns>
    public async Task<IReadOnlyList<ShardFile>> StageAsync(PreparedRun run, int datasetIndex, IEnumerable<int> indices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var dataset = run.Datasets[datasetIndex].Dataset;
        var prefix = run.Spec.Datasets[datasetIndex].Path;
        var downloaded = new List<ShardFile>();
        foreach (var shard in DatasetShards.Of(dataset, indices))
        {
            var path = Path.Combine(dataset.Source, shard.File);
            if (IsStaged(path, shard))
            {
                continue;
            }

            var download = _downloads.GetOrAdd(path, _ => new Lazy<Task>(() => DownloadAsync($"{prefix}/{shard.File}", shard, path)));
            try
            {
                await download.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (download.Value.IsCompleted)
                {
                    _downloads.TryRemove(new KeyValuePair<string, Lazy<Task>>(path, download));
                }
            }

            downloaded.Add(shard);
        }

        return downloaded;
    }

    private static bool IsStaged(string path, ShardFile shard)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length == shard.Bytes;
    }

    // Not cancellable: other items of this process may be waiting on the same download.
    private async Task DownloadAsync(string blob, ShardFile shard, string path)
    {
        var bytes = await blobs.ReadAsync(blob, CancellationToken.None).ConfigureAwait(false)
            ?? throw new CloudFreqException($"{blobs.Describe(blob)}: the shard is missing from storage (listed in {ShardManifest.FileName}).");
        if (bytes.LongLength != shard.Bytes)
        {
            throw new CloudFreqException(
                $"{blobs.Describe(blob)}: {bytes.LongLength} bytes, but {ShardManifest.FileName} says {shard.Bytes}; the shard was replaced after the upload, upload the dataset again.");
        }

        if (shard.Sha256 is { } expected && Convert.ToHexStringLower(SHA256.HashData(bytes)) != expected)
        {
            throw new CloudFreqException(
                $"{blobs.Describe(blob)}: its SHA-256 differs from the one in {ShardManifest.FileName}; the shard was replaced after the upload, upload the dataset again.");
        }

        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{shard.File}.{Guid.NewGuid():N}.part");
        try
        {
            await File.WriteAllBytesAsync(temporary, bytes, CancellationToken.None).ConfigureAwait(false);

            // Rename is atomic: readers see no shard or a whole one; a racing process wrote the same verified bytes.
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
