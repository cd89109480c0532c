using System.Buffers;
using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Writes an image folder or labels CSV dataset as WebDataset tar shards plus <c>shards.json</c>,
/// copying each image's encoded bytes unchanged (so decoded pixels are identical) in the dataset's
/// stable order. The manifest is written last: a folder without it is an unfinished write, not a dataset.
/// Version 2 (the default) records each image's byte range, each shard's SHA-256 and the first image's
/// size in the manifest, so the dataset opens without its tars; the tars then hold <c>KEY.EXT</c> and
/// <c>KEY.cls</c> per sample (the id lives in the manifest).
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

        if (writerOptions.ManifestVersion is < 1 or > ShardManifest.CurrentVersion)
        {
            throw new CloudFreqException($"manifest version: must be 1 to {ShardManifest.CurrentVersion}, got {writerOptions.ManifestVersion}.");
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
        var listsImages = writerOptions.ManifestVersion >= 2;
        var shards = new List<ShardFile>();
        var index = 0;
        while (index < listing.Ids.Count)
        {
            var name = "shard-" + shards.Count.ToString("D6", CultureInfo.InvariantCulture) + ".tar";
            var path = Path.Combine(output, name);
            var start = index;
            var images = new List<ShardImage>();
            index = WriteShard(path, listing, index, writerOptions.MaxShardBytes, listsImages ? images : null);
            var bytes = new FileInfo(path).Length;
            var shard = listsImages
                ? new ShardFile(name, index - start, bytes, Sha256Of(path), images)
                : new ShardFile(name, index - start, bytes);
            shards.Add(shard);
            shardWritten?.Invoke(path, shard);
        }

        var manifest = new ShardManifest(
            writerOptions.ManifestVersion,
            format.ToString(),
            listing.Ids.Count,
            listing.IgnoredFiles,
            listing.ClassNames,
            shards,
            listsImages ? FirstImageSize(listing) : null);
        File.WriteAllBytes(Path.Combine(output, ShardManifest.FileName), ShardManifestJson.Serialize(manifest));
        return manifest;
    }

    // Writes samples from `start` until the next one would push the shard past the limit (at least one); returns the next index.
    // With `images` (version 2) each image member's data range is recorded and no id member is written.
    private static int WriteShard(string path, ImageListing listing, int start, long maxBytes, List<ShardImage>? images)
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

            var sampleSize = MemberSize(imageBytes) + MemberSize(label.Length) + (images is null ? MemberSize(idBytes.Length) : 0);
            if (index > start && size + sampleSize > maxBytes)
            {
                break;
            }

            var key = ShardMemberNames.Key(index);
            var extension = ShardMemberNames.ImageExtension(id);

            // A ustar member is one 512-byte header, then its data: the data starts one block after the member.
            var dataOffset = stream.Position + TarBlock;
            using (var image = OpenImage(imagePath))
            {
                Write(tar, $"{key}.{extension}", image);
            }

            Write(tar, $"{key}.{ShardMemberNames.LabelExtension}", new MemoryStream(label));
            if (images is null)
            {
                Write(tar, $"{key}.{ShardMemberNames.IdExtension}", new MemoryStream(idBytes));
            }
            else
            {
                images.Add(new ShardImage(id, listing.Labels[index], dataOffset, imageBytes, extension));
            }

            size += sampleSize;
            index++;
        }

        return index;
    }

    private static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    // What a folder-opened dataset takes its shape from: the first image whose header reads.
    private static ImageSize? FirstImageSize(ImageListing listing)
    {
        for (var i = 0; i < listing.Ids.Count; i++)
        {
            try
            {
                var (bytes, length) = EncodedImageReader.Read(listing.LocationOf(i), listing.Ids[i], ArrayPool<byte>.Shared);
                try
                {
                    var (height, width) = SkiaImageDecoder.ReadSize(bytes, length, listing.Ids[i]);
                    return new ImageSize(height, width);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }
            }
            catch (ImageLoadException)
            {
                // the dataset's shape comes from the next readable image, as when the folder is opened
            }
        }

        return null;
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
