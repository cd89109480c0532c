using CloudFreq.Core.Data.Shards;

namespace CloudFreq.Core.Data;

/// <summary>
/// Opens datasets from a path, detecting the format when <see cref="DatasetFormat.Auto"/>.
/// </summary>
/// <remarks>
/// Detection, first match wins:
/// <list type="number">
/// <item>options.LabelsFile given, or a <c>.csv</c> file: <see cref="DatasetFormat.LabelsCsv"/>.</item>
/// <item>A directory holding <c>shards.json</c>: <see cref="DatasetFormat.Shards"/>.</item>
/// <item>A directory holding <c>labels.csv</c>: <see cref="DatasetFormat.LabelsCsv"/>.</item>
/// <item>A <c>.bin</c> file, or a directory holding <c>*.bin</c> files: <see cref="DatasetFormat.CifarBinary"/>.</item>
/// <item>A file with <c>idx3-ubyte</c> in its name (raw or <c>.gz</c>), or a directory holding one: <see cref="DatasetFormat.Idx"/>.</item>
/// <item>A directory with subfolders: <see cref="DatasetFormat.ImageFolder"/>.</item>
/// </list>
/// </remarks>
public sealed class DatasetOpener
{
    private const string DefaultLabelsFile = "labels.csv";

    private readonly GzipCache gzipCache;

    /// <summary>Caches decompressed gzip files under <c>&lt;temp&gt;/cloudfreq-cache</c>.</summary>
    public DatasetOpener()
        : this(Path.Combine(Path.GetTempPath(), "cloudfreq-cache"))
    {
    }

    /// <summary>Caches decompressed gzip files (IDX) under <paramref name="cacheDirectory"/>.</summary>
    public DatasetOpener(string cacheDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        gzipCache = new GzipCache(cacheDirectory);
    }

    /// <summary>Lists the dataset at <paramref name="path"/>; images are decoded later, on <see cref="IImageDataset.Load"/>.</summary>
    /// <exception cref="CloudFreqException">The path, layout or metadata is unusable, or the dataset is empty.</exception>
    public IImageDataset Open(string path, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = Path.GetFullPath(path);
        if (options.ClassNames is { Count: 0 })
        {
            throw new CloudFreqException("the given class names list is empty.");
        }

        return Detect(source, options) switch
        {
            var encoded and (DatasetFormat.ImageFolder or DatasetFormat.LabelsCsv or DatasetFormat.Shards) =>
                new EncodedImageDataset(source, encoded, ListEncodedImages(source, encoded, options), options),
            DatasetFormat.CifarBinary => CifarBinaryDataset.Open(source, options),
            DatasetFormat.Idx => IdxDataset.Open(source, options, gzipCache),
            var other => throw new CloudFreqException($"unknown dataset format {other}."),
        };
    }

    /// <summary>The format of the dataset at <paramref name="path"/>: options.Format unless Auto, else detected.</summary>
    /// <exception cref="CloudFreqException">The path is missing or its layout is not recognized.</exception>
    public DatasetFormat Detect(string path, DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = Path.GetFullPath(path);
        var isFile = File.Exists(source);
        if (!isFile && !Directory.Exists(source))
        {
            throw new CloudFreqException($"dataset not found: {path} is neither a file nor a folder.");
        }

        if (options.Format != DatasetFormat.Auto)
        {
            return options.Format;
        }

        if (options.LabelsFile is not null)
        {
            return DatasetFormat.LabelsCsv;
        }

        if (isFile)
        {
            return Path.GetExtension(source).ToLowerInvariant() switch
            {
                ".csv" => DatasetFormat.LabelsCsv,
                ".bin" => DatasetFormat.CifarBinary,
                _ when IdxFiles.IsImagesFile(source) => DatasetFormat.Idx,
                _ => throw new CloudFreqException(
                    $"{path}: unknown dataset file; expected a labels .csv, a CIFAR .bin batch or an IDX images file (*-idx3-ubyte[.gz])."),
            };
        }

        if (File.Exists(Path.Combine(source, ShardManifest.FileName)))
        {
            return DatasetFormat.Shards;
        }

        if (File.Exists(Path.Combine(source, DefaultLabelsFile)))
        {
            return DatasetFormat.LabelsCsv;
        }

        var files = Directory.EnumerateFiles(source).ToList();
        if (files.Exists(f => f.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)))
        {
            return DatasetFormat.CifarBinary;
        }

        if (files.Exists(IdxFiles.IsImagesFile))
        {
            return DatasetFormat.Idx;
        }

        if (Directory.EnumerateDirectories(source).Any(d => !Path.GetFileName(d).StartsWith('.')))
        {
            return DatasetFormat.ImageFolder;
        }

        throw new CloudFreqException(
            $"{path}: unknown dataset layout; expected class folders (<root>/<class>/<image>), a labels.csv, shards (shards.json and .tar files), CIFAR .bin batches or IDX files.");
    }

    /// <summary>The listing of an encoded-image dataset: image folder, labels CSV or shards.</summary>
    internal static ImageListing ListEncodedImages(string source, DatasetFormat format, DatasetOptions options) => format switch
    {
        DatasetFormat.ImageFolder => ImageFolderListing.Read(RequireDirectory(source, "an image folder"), options.ClassNames),
        DatasetFormat.LabelsCsv => LabelsCsvListing.Read(LabelsFile(source, options), options),
        DatasetFormat.Shards => ShardListing.Read(RequireDirectory(source, "a sharded"), options),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not an encoded-image format"),
    };

    private static string RequireDirectory(string source, string what) =>
        Directory.Exists(source) ? source : throw new CloudFreqException($"{source}: {what} dataset must be a folder.");

    // The CSV: the path itself when it is a file; else options.LabelsFile (relative to the folder) or labels.csv.
    private static string LabelsFile(string source, DatasetOptions options)
    {
        if (File.Exists(source))
        {
            return source;
        }

        var csv = Path.GetFullPath(Path.Combine(source, options.LabelsFile ?? DefaultLabelsFile));
        return File.Exists(csv) ? csv : throw new CloudFreqException($"{csv}: the labels file does not exist.");
    }
}
