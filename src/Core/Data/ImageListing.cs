using CloudFreq.Core.Data.Shards;

namespace CloudFreq.Core.Data;

/// <summary>
/// The images of an encoded-image dataset (image folder, labels CSV or shards) in their stable order:
/// ids relative to <see cref="Root"/> with '/' separators, and labels.
/// </summary>
/// <param name="Locations">Where each image's bytes are; null for files at <c>Root/id</c>.</param>
/// <param name="FirstImageSize">The first readable image's size when the listing knows it (a version 2 shard manifest), so the shape needs no image.</param>
internal sealed record ImageListing(
    string Root,
    IReadOnlyList<string> Ids,
    IReadOnlyList<int> Labels,
    IReadOnlyList<string> ClassNames,
    int IgnoredFiles,
    IReadOnlyList<EncodedImageLocation>? Locations = null,
    ImageSize? FirstImageSize = null)
{
    /// <summary>Where the bytes of image <paramref name="index"/> (of the whole listing) are.</summary>
    public EncodedImageLocation LocationOf(int index) =>
        Locations?[index] ?? EncodedImageLocation.File(Path.Combine(Root, Ids[index]));
}
