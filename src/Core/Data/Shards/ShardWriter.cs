using System.Formats.Tar;
using System.Globalization;
using System.Text;

namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Writes an image folder or labels CSV dataset as WebDataset tar shards plus <c>shards.json</c>,
/// copying each image's encoded bytes unchanged (so decoded pixels are identical) in the dataset's
/// stable order. The manifest is written last: a folder without it is an unfinished write, not a dataset.
/// </summary>
/// <remarks>
/// Shards are deterministic (fixed modification time, mode and owner), so sharding the same dataset
/// twice gives byte-identical files, and the workers' content-addressed staging cache is reused.
/// </remarks>
public static class ShardWriter
{
    private const int TarBlock = 512;
    private const int TarEndBlocks = 2 * TarBlock;
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Shards the dataset at <paramref name="datasetPath"/> into <paramref name="outputFolder"/> (created; must be empty).</summary>
    /// <param name="datasetPath">An image folder or a labels CSV dataset (detected as <see cref="DatasetOpener"/> does).</param>
    /// <param name="options">How to list the dataset (format, labels file and columns, class names); offset, limit and load transforms do not apply.</param>
    /// <param name="outputFolder">Where the shards and the manifest go.</param>
    /// <param name="writerOptions">The shard size limit.</param>
    /// <param name="shardWritten">Called after each shard is closed, with its path and entry (for progress, or to upload it).</param>
    /// <exception cref="CloudFreqException">The dataset is not an image folder or labels CSV, is unusable, or the output folder is not empty.</exception>
    public static ShardManifest Write(
        string datasetPath,
        DatasetOptions options,
        string outputFolder,
        ShardWriterOptions? writerOptions = null,
        Action<string, ShardFile>? shardWritten = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        writerOptions ??= new ShardWriterOptions();
        if (writerOptions.MaxShardBytes < 4 * TarBlock)
        {
            throw new CloudFreqException($"shard size: must be at least {4 * TarBlock} bytes, got {writerOptions.MaxShardBytes}.");
        }

        var source = Path.GetFullPath(datasetPath);
        var format = new DatasetOpener().Detect(source, options);
        if (format is not (DatasetFormat.ImageFolder or DatasetFormat.LabelsCsv))
        {
            throw new CloudFreqException(
                $"{datasetPath}: {format} datasets cannot be sharded; only image folders and labels CSV datasets (many small files) are, "
                + "the other formats are already a few large files.");
        }

        var listing = DatasetOpener.ListEncodedImages(source, format, options);
        if (listing.Ids.Count == 0)
        {
            throw new CloudFreqException($"{datasetPath}: the dataset holds no images.");
        }

        var output = Path.GetFullPath(outputFolder);
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new CloudFreqException($"{outputFolder}: the output folder is not empty.");
        }

        Directory.CreateDirectory(output);
        var shards = new List<ShardFile>();
        var index = 0;
        while (index < listing.Ids.Count)
        {
            var name = "shard-" + shards.Count.ToString("D6", CultureInfo.InvariantCulture) + ".tar";
            var path = Path.Combine(output, name);
            var start = index;
            index = WriteShard(path, listing, index, writerOptions.MaxShardBytes);
            var shard = new ShardFile(name, index - start, new FileInfo(path).Length);
            shards.Add(shard);
            shardWritten?.Invoke(path, shard);
        }

        var manifest = new ShardManifest(
            ShardManifest.CurrentVersion, format.ToString(), listing.Ids.Count, listing.IgnoredFiles, listing.ClassNames, shards);
        File.WriteAllBytes(Path.Combine(output, ShardManifest.FileName), ShardManifestJson.Serialize(manifest));
        return manifest;
    }

    // Writes samples from `start` until the next one would push the shard past the limit (at least one); returns the next index.
    private static int WriteShard(string path, ImageListing listing, int start, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        using var tar = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: false);
        long size = TarEndBlocks;
        var index = start;
        while (index < listing.Ids.Count)
        {
            var id = listing.Ids[index];
            var imagePath = Path.Combine(listing.Root, id);
            var label = Encoding.UTF8.GetBytes(listing.Labels[index].ToString(CultureInfo.InvariantCulture));
            var idBytes = Encoding.UTF8.GetBytes(id);
            long imageBytes;
            try
            {
                imageBytes = new FileInfo(imagePath).Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CloudFreqException($"{imagePath}: cannot read the image: {e.Message}", e);
            }

            var sampleSize = MemberSize(imageBytes) + MemberSize(label.Length) + MemberSize(idBytes.Length);
            if (index > start && size + sampleSize > maxBytes)
            {
                break;
            }

            var key = ShardMemberNames.Key(index);
            using (var image = OpenImage(imagePath))
            {
                Write(tar, $"{key}.{ShardMemberNames.ImageExtension(id)}", image);
            }

            Write(tar, $"{key}.{ShardMemberNames.LabelExtension}", new MemoryStream(label));
            Write(tar, $"{key}.{ShardMemberNames.IdExtension}", new MemoryStream(idBytes));
            size += sampleSize;
            index++;
        }

        return index;
    }

    private static FileStream OpenImage(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CloudFreqException($"{path}: cannot read the image: {e.Message}", e);
        }
    }

    private static void Write(TarWriter tar, string name, Stream data)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = data,
            ModificationTime = FixedTime,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            Uid = 0,
            Gid = 0,
        };
        tar.WriteEntry(entry);
    }

    // A tar member: one header block, then the data padded to whole blocks.
    private static long MemberSize(long dataBytes) => TarBlock + ((dataBytes + TarBlock - 1) / TarBlock * TarBlock);
}
