using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using CloudFreq.Core.Imaging;
using Microsoft.Win32.SafeHandles;

namespace CloudFreq.Core.Data;

/// <summary>
/// IDX images (idx3, unsigned bytes, N x H x W) with their idx1 labels, raw or gzip. Gzip images
/// are decompressed once into the <see cref="GzipCache"/> and read at their offsets from there, so
/// memory does not grow with the dataset. One channel; image id = <c>&lt;images file name&gt;#&lt;index&gt;</c>.
/// </summary>
internal sealed class IdxDataset : IImageDataset
{
    private readonly SafeFileHandle handle;
    private readonly long dataOffset;
    private readonly int height;
    private readonly int width;
    private readonly int start;
    private readonly PixelPipeline pipeline;

    private IdxDataset(string source, string imagesPath, GzipCache cache, DatasetOptions options)
    {
        Source = source;
        Name = DatasetNames.NameOf(source);
        pipeline = PixelPipeline.FromOptions(options);
        var labelsPath = IdxFiles.LabelsFor(imagesPath);
        var dataPath = GzipCache.IsGzip(imagesPath) ? cache.Decompressed(imagesPath) : imagesPath;

        IdxHeader header;
        using (var stream = File.OpenRead(dataPath))
        {
            header = IdxHeader.Read(stream, IdxHeader.ImagesMagic, imagesPath);
        }

        var count = header.Dimensions[0];
        height = header.Dimensions[1];
        width = header.Dimensions[2];
        dataOffset = header.Size;
        var labels = ReadLabels(labelsPath, count, imagesPath);

        handle = File.OpenHandle(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            var expected = dataOffset + ((long)count * height * width);
            var length = RandomAccess.GetLength(handle);
            if (length < expected)
            {
                throw new CloudFreqException(
                    $"{imagesPath}: truncated: {count} images of {width}x{height} need {expected} bytes, the data has {length}.");
            }

            ClassNames = options.ClassNames ?? FindClassNames(imagesPath, labels);
            var window = EntryWindow.Resolve(count, options, source);
            start = window.Start;
            var fileName = Path.GetFileName(imagesPath);
            var entries = new DatasetEntry[window.Count];
            for (var i = 0; i < window.Count; i++)
            {
                var index = window.Start + i;
                if (labels[index] >= ClassNames.Count)
                {
                    throw new CloudFreqException($"{labelsPath}: label {labels[index]} of image {index} is beyond the {ClassNames.Count} class names.");
                }

                entries[i] = new DatasetEntry(string.Create(CultureInfo.InvariantCulture, $"{fileName}#{index}"), labels[index]);
            }

            Entries = entries;
            Shape = pipeline.FixedShape(PixelLayout.Gray, height, width, source);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public string Name { get; }

    public string Source { get; }

    public DatasetFormat Format => DatasetFormat.Idx;

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<DatasetEntry> Entries { get; }

    public ImageShape Shape { get; }

    /// <summary>Always 0: only the named images file is read.</summary>
    public int IgnoredFiles => 0;

    /// <summary>Opens an images file, or the images file a directory stands for (see <see cref="IdxFiles"/>).</summary>
    public static IdxDataset Open(string path, DatasetOptions options, GzipCache cache) =>
        new(path, File.Exists(path) ? path : IdxFiles.ImagesIn(path), cache, options);

    public void Load(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Entries.Count);
        var size = height * width;
        byte[]? rented = null;
        var pixels = size <= 16384 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            var offset = dataOffset + ((long)(start + index) * size);
            var filled = 0;
            while (filled < size)
            {
                var n = RandomAccess.Read(handle, pixels[filled..], offset + filled);
                if (n == 0)
                {
                    throw new ImageLoadException(Entries[index].Id, "the image data is truncated (the file shrank after opening).");
                }

                filled += n;
            }

            pipeline.Run(Entries[index].Id, pixels, PixelLayout.Gray, height, width, Shape, destination);
        }
        catch (IOException e)
        {
            throw new ImageLoadException(Entries[index].Id, $"cannot read the image: {e.Message}", e);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void Dispose() => handle.Dispose();

    private static byte[] ReadLabels(string labelsPath, int count, string imagesPath)
    {
        try
        {
            using var file = File.OpenRead(labelsPath);
            using var stream = GzipCache.IsGzip(labelsPath) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            var header = IdxHeader.Read(stream, IdxHeader.LabelsMagic, labelsPath);
            if (header.Dimensions[0] != count)
            {
                throw new CloudFreqException(
                    $"{imagesPath} holds {count} images but {labelsPath} holds {header.Dimensions[0]} labels.");
            }

            var labels = new byte[count];
            if (stream.ReadAtLeast(labels, count, throwOnEndOfStream: false) < count)
            {
                throw new CloudFreqException($"{labelsPath}: truncated: the header announces {count} labels.");
            }

            return labels;
        }
        catch (InvalidDataException e)
        {
            throw new CloudFreqException($"{labelsPath}: not a valid gzip file ({e.Message}).", e);
        }
    }

    // classes.txt beside the images (one name per line), else the label numbers, at least 0..9
    // (MNIST's digits).
    private static IReadOnlyList<string> FindClassNames(string imagesPath, byte[] labels)
    {
        var classesPath = Path.Combine(Path.GetDirectoryName(imagesPath) ?? ".", "classes.txt");
        if (File.Exists(classesPath))
        {
            var names = File.ReadAllLines(classesPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            return names.Length > 0 ? names : throw new CloudFreqException($"{classesPath}: the class names file is empty.");
        }

        var count = Math.Max(10, labels.Length == 0 ? 0 : labels.Max() + 1);
        return Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
    }
}
