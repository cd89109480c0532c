using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Data;

/// <summary>
/// A dataset of encoded image files (image folder or labels CSV), decoded with SkiaSharp on each
/// <see cref="Load"/>. Holds only immutable state, so loads may run in parallel.
/// </summary>
internal sealed class EncodedImageDataset : IImageDataset
{
    private readonly string[] paths;
    private readonly PixelPipeline pipeline;

    public EncodedImageDataset(string source, DatasetFormat format, ImageListing listing, DatasetOptions options)
    {
        Source = source;
        Name = DatasetNames.NameOf(source);
        Format = format;
        pipeline = PixelPipeline.FromOptions(options);
        var window = EntryWindow.Resolve(listing.Ids.Count, options, source);
        var entries = new DatasetEntry[window.Count];
        paths = new string[window.Count];
        for (var i = 0; i < window.Count; i++)
        {
            var id = listing.Ids[window.Start + i];
            entries[i] = new DatasetEntry(id, listing.Labels[window.Start + i]);
            paths[i] = Path.Combine(listing.Root, id);
        }

        Entries = entries;
        ClassNames = listing.ClassNames;
        IgnoredFiles = listing.IgnoredFiles;
        Shape = FindShape(listing);
    }

    public string Name { get; }

    public string Source { get; }

    public DatasetFormat Format { get; }

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<DatasetEntry> Entries { get; }

    public ImageShape Shape { get; }

    public int IgnoredFiles { get; }

    public void Load(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, paths.Length);
        SkiaImageDecoder.Decode(paths[index], Entries[index].Id, pipeline, Shape, destination);
    }

    public void Dispose()
    {
        // Nothing is held open between loads.
    }

    // The shape comes from the crop, else from the first readable header of the whole listing
    // (not of the window), so every offset/limit slice of one dataset agrees on it.
    private ImageShape FindShape(ImageListing listing)
    {
        var channels = pipeline.Channels(PixelLayout.Rgba);
        if (pipeline.Crop is int crop)
        {
            return new ImageShape(channels, crop, crop);
        }

        ImageLoadException? firstError = null;
        foreach (var id in listing.Ids)
        {
            try
            {
                var (height, width) = SkiaImageDecoder.ReadSize(Path.Combine(listing.Root, id), id, pipeline.Buffers.Bytes);
                var (resizedHeight, resizedWidth) = pipeline.Resized(height, width);
                return new ImageShape(channels, resizedHeight, resizedWidth);
            }
            catch (ImageLoadException e)
            {
                firstError ??= e;
            }
        }

        throw new CloudFreqException($"{Source}: no image could be read ({firstError?.Message}).", firstError);
    }
}
