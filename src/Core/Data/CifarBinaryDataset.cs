using System.Globalization;
using CloudFreq.Core.Imaging;
using Microsoft.Win32.SafeHandles;

namespace CloudFreq.Core.Data;

/// <summary>
/// CIFAR-10 / CIFAR-100 binary batches, read record by record at their file offsets (positional
/// reads on shared handles are thread-safe, and nothing but the labels is held in memory).
/// A directory means all its <c>*.bin</c> files in ordinal order, except that a directory holding
/// a test batch (<c>test_batch.bin</c> or <c>test.bin</c>) means that file alone, since
/// evaluation runs on the test split. Image id = <c>&lt;file name&gt;#&lt;record index&gt;</c>.
/// </summary>
internal sealed class CifarBinaryDataset : IImageDataset
{
    private const int LabelScanChunk = 1 << 20;

    private readonly SafeFileHandle[] handles;
    private readonly int[] fileOf;
    private readonly long[] recordOf;
    private readonly int recordSize;
    private readonly int labelBytes;
    private readonly PixelPipeline pipeline;

    private CifarBinaryDataset(string source, IReadOnlyList<string> files, DatasetOptions options)
    {
        Source = source;
        Name = DatasetNames.NameOf(source);
        pipeline = PixelPipeline.FromOptions(options);
        handles = new SafeFileHandle[files.Count];
        try
        {
            var variants = new CifarVariant[files.Count];
            var labels = new List<int>();
            var ids = new List<(int File, long Record)>();
            for (var f = 0; f < files.Count; f++)
            {
                handles[f] = File.OpenHandle(files[f], FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
                var length = RandomAccess.GetLength(handles[f]);
                var handle = handles[f];
                variants[f] = CifarRecords.Detect(files[f], length, () => ReadLabels(handle, length, CifarVariant.Cifar10).All(l => l < 10));
                if (variants[f] != variants[0])
                {
                    throw new CloudFreqException(
                        $"{files[f]}: a {variants[f]} batch beside the {variants[0]} batch {Path.GetFileName(files[0])}; open one of them.");
                }

                var fileLabels = ReadLabels(handle, length, variants[f]);
                for (var r = 0; r < fileLabels.Count; r++)
                {
                    labels.Add(fileLabels[r]);
                    ids.Add((f, r));
                }
            }

            var variant = variants[0];
            recordSize = CifarRecords.RecordSize(variant);
            labelBytes = CifarRecords.LabelBytes(variant);
            var folder = Path.GetDirectoryName(files[0]) ?? ".";
            ClassNames = options.ClassNames ?? CifarClassNames.Find(folder, variant);
            var window = EntryWindow.Resolve(labels.Count, options, source);
            var entries = new DatasetEntry[window.Count];
            fileOf = new int[window.Count];
            recordOf = new long[window.Count];
            var fileNames = files.Select(Path.GetFileName).ToArray();
            for (var i = 0; i < window.Count; i++)
            {
                var (file, record) = ids[window.Start + i];
                var label = labels[window.Start + i];
                if (label >= ClassNames.Count)
                {
                    throw new CloudFreqException(
                        $"{files[file]}: record {record} has label {label}, beyond the {ClassNames.Count} class names.");
                }

                entries[i] = new DatasetEntry(string.Create(CultureInfo.InvariantCulture, $"{fileNames[file]}#{record}"), label);
                fileOf[i] = file;
                recordOf[i] = record;
            }

            Entries = entries;
            Shape = pipeline.FixedShape(PixelLayout.PlanarRgb, CifarRecords.Side, CifarRecords.Side, source);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    public string Source { get; }

    public DatasetFormat Format => DatasetFormat.CifarBinary;

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<DatasetEntry> Entries { get; }

    public ImageShape Shape { get; }

    /// <summary>Always 0: metadata files beside the batches are not images.</summary>
    public int IgnoredFiles => 0;

    /// <summary>Opens a single batch file or a directory of batches.</summary>
    public static CifarBinaryDataset Open(string path, DatasetOptions options)
    {
        if (File.Exists(path))
        {
            return new CifarBinaryDataset(path, [path], options);
        }

        var files = BatchFiles(path);
        if (files.Count == 0)
        {
            throw new CloudFreqException($"{path}: no CIFAR .bin batch files.");
        }

        return new CifarBinaryDataset(path, files, options);
    }

    /// <summary>The batch files a directory stands for (see the class remarks).</summary>
    public static List<string> BatchFiles(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive })
            .Where(f => f.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var test = files.Where(f => Path.GetFileName(f) is var n
            && (n.Equals("test_batch.bin", StringComparison.OrdinalIgnoreCase) || n.Equals("test.bin", StringComparison.OrdinalIgnoreCase))).ToList();
        return test.Count == 1 ? test : files;
    }

    public void Load(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Entries.Count);
        Span<byte> pixels = stackalloc byte[CifarRecords.PixelBytes];
        var offset = (recordOf[index] * recordSize) + labelBytes;
        int read;
        try
        {
            read = RandomAccess.Read(handles[fileOf[index]], pixels, offset);
        }
        catch (IOException e)
        {
            throw new ImageLoadException(Entries[index].Id, $"cannot read the record: {e.Message}", e);
        }

        if (read != pixels.Length)
        {
            throw new ImageLoadException(Entries[index].Id, "the record is truncated (the file shrank after opening).");
        }

        pipeline.Run(Entries[index].Id, pixels, PixelLayout.PlanarRgb, CifarRecords.Side, CifarRecords.Side, Shape, destination);
    }

    public void Dispose()
    {
        foreach (var handle in handles)
        {
            handle?.Dispose();
        }
    }

    // Streams the file in chunks and keeps only the (fine) label byte of each record.
    private static List<int> ReadLabels(SafeFileHandle handle, long length, CifarVariant variant)
    {
        var size = CifarRecords.RecordSize(variant);
        var labelAt = CifarRecords.LabelBytes(variant) - 1;
        var count = length / size;
        var labels = new List<int>((int)Math.Min(count, int.MaxValue));
        var recordsPerChunk = Math.Max(1, LabelScanChunk / size);
        var buffer = new byte[recordsPerChunk * size];
        for (long first = 0; first < count; first += recordsPerChunk)
        {
            var records = (int)Math.Min(recordsPerChunk, count - first);
            var chunk = buffer.AsSpan(0, records * size);
            var filled = 0;
            while (filled < chunk.Length)
            {
                var n = RandomAccess.Read(handle, chunk[filled..], (first * size) + filled);
                if (n == 0)
                {
                    throw new CloudFreqException("a CIFAR batch file shrank while its labels were read.");
                }

                filled += n;
            }

            for (var r = 0; r < records; r++)
            {
                labels.Add(chunk[(r * size) + labelAt]);
            }
        }

        return labels;
    }
}
