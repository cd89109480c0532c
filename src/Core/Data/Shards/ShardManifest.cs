namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// <c>shards.json</c>: what a sharded dataset holds, so that it opens with exactly the ids, labels,
/// order, class names and ignored-file count of the folder it was made from.
/// </summary>
/// <remarks>
/// Version 1 lists the shards only, so opening indexes every tar. Version 2 also lists every image
/// (<see cref="ShardFile.Images"/>: id, label, byte range in its tar), each shard's SHA-256 and the
/// first image's size, so the dataset is listed, planned and fingerprinted from the manifest alone and
/// a worker fetches only the shards its images are in.
/// </remarks>
/// <param name="Version">The manifest's schema version (1 or <see cref="CurrentVersion"/>).</param>
/// <param name="SourceFormat">The format the shards were made from (ImageFolder or LabelsCsv), for people and reports.</param>
/// <param name="Samples">Images over all shards.</param>
/// <param name="IgnoredFiles">Non-image files the source folder held (the source's own count, kept for the report).</param>
/// <param name="ClassNames">Class names, indexed by label.</param>
/// <param name="Shards">The tar files in sample order.</param>
/// <param name="FirstImageSize">Version 2: the size of the first image whose header reads (the dataset's shape before load transforms); null when none reads.</param>
public sealed record ShardManifest(
    int Version,
    string SourceFormat,
    int Samples,
    int IgnoredFiles,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<ShardFile> Shards,
    ImageSize? FirstImageSize = null)
{
    /// <summary>The manifest's file name in a sharded dataset folder.</summary>
    public const string FileName = "shards.json";

    /// <summary>The value of the manifest's <c>format</c> field.</summary>
    public const string FormatName = "cloudfreq-shards";

    public const int CurrentVersion = 2;

    /// <summary>True when the manifest lists every image, so no tar is needed to open the dataset.</summary>
    public bool ListsImages => Version >= 2;

    /// <summary>Reads and checks a manifest file.</summary>
    /// <exception cref="CloudFreqException">The file is unreadable, not JSON, or a field is missing or wrong (named).</exception>
    public static ShardManifest Read(string path) => ShardManifestJson.Read(path);

    /// <summary>Parses and checks manifest bytes; <paramref name="source"/> names them in errors (a path or a blob).</summary>
    /// <exception cref="CloudFreqException">The bytes are not JSON, or a field is missing or wrong (named).</exception>
    public static ShardManifest Parse(byte[] json, string source) => ShardManifestJson.Parse(json, source);
}

/// <summary>One tar shard: its file name in the dataset folder, its sample count and its size in bytes.</summary>
/// <param name="Sha256">Version 2: the SHA-256 of the tar (lower-case hex), so a staged copy is checked and cached by content.</param>
/// <param name="Images">Version 2: the shard's images in order.</param>
public sealed record ShardFile(string File, int Samples, long Bytes, string? Sha256 = null, IReadOnlyList<ShardImage>? Images = null);

/// <summary>
/// One image of a version 2 manifest: its id and label, and where the image member's bytes are in
/// its tar (offset of the data, after the member's header, and length), with the member's extension.
/// </summary>
public sealed record ShardImage(string Id, int Label, long Offset, long Length, string Extension);

/// <summary>An image's size in pixels.</summary>
public readonly record struct ImageSize(int Height, int Width);
