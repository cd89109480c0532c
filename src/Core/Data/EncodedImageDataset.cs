using CloudFreq.Core.Data.Shards;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Data;

/// <summary>
/// A dataset of encoded images (image folder, labels CSV, or tar shards), decoded with SkiaSharp on
/// each <see cref="Load"/>: the formats differ only in where each image's bytes are. Holds only immutable state, so loads may run in parallel.
/// </summary>
internal sealed class EncodedImageDataset : IImageDataset
{
    private readonly EncodedImageLocation[] locations;
    private readonly PixelPipeline pipeline;

    public EncodedImageDataset(string source, DatasetFormat format, ImageListing listing, DatasetOptions options)
    {
        Source = source;
        Name = DatasetNames.NameOf(source);
        Format = format;
        pipeline = PixelPipeline.FromOptions(options);
        var window = EntryWindow.Resolve(listing.Ids.Count, options, source);
        var entries = new DatasetEntry[window.Count];
        locations = new EncodedImageLocation[window.Count];
        for (var i = 0; i < window.Count; i++)
        {
            var id = listing.Ids[window.Start + i];
            entries[i] = new DatasetEntry(id, listing.Labels[window.Start + i]);
            locations[i] = listing.LocationOf(window.Start + i);
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
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, locations.Length);
        var id = Entries[index].Id;
        var pool = pipeline.Buffers.Bytes;
        var (bytes, length) = EncodedImageReader.Read(locations[index], id, pool);
        try
        {
            SkiaImageDecoder.Decode(bytes, length, id, pipeline, Shape, destination);
        }
        finally
        {
            pool.Return(bytes);
        }
    }

    /// <summary>The shard holding entry <paramref name="index"/>'s image; null when the dataset is not sharded.</summary>
    public ShardFile? ShardOf(int index) => locations[index].Shard;

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

        // A version 2 shard manifest recorded it, so opening reads no image (the tars may not be here).
        if (listing.FirstImageSize is { } known)
        {
            var (height, width) = pipeline.Resized(known.Height, known.Width);
            return new ImageShape(channels, height, width);
        }

        ImageLoadException? firstError = null;
        var pool = pipeline.Buffers.Bytes;
        for (var i = 0; i < listing.Ids.Count; i++)
        {
            var id = listing.Ids[i];
            try
            {
                var (bytes, length) = EncodedImageReader.Read(listing.LocationOf(i), id, pool);
                int height, width;
                try
                {
                    (height, width) = SkiaImageDecoder.ReadSize(bytes, length, id);
                }
                finally
                {
                    pool.Return(bytes);
                }

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
