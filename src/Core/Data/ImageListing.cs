namespace CloudFreq.Core.Data;

/// <summary>
/// The images of a file-based dataset (image folder or labels CSV) in their stable order:
/// ids relative to <see cref="Root"/> with '/' separators, and labels.
/// </summary>
internal sealed record ImageListing(
    string Root,
    IReadOnlyList<string> Ids,
    IReadOnlyList<int> Labels,
    IReadOnlyList<string> ClassNames,
    int IgnoredFiles);
