using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Data;

/// <summary>One image of a dataset: its stable id (DESIGN.md section 3) and its label.</summary>
public readonly record struct DatasetEntry(string Id, int Label);

/// <summary>
/// A labelled image dataset, listed eagerly (ids and labels, in a stable order) and decoded lazily.
/// </summary>
/// <remarks>
/// <see cref="Load"/> must be safe to call from several threads at once: the executor decodes
/// images in parallel. Offset and limit are already applied to <see cref="Entries"/>.
/// </remarks>
public interface IImageDataset : IDisposable
{
    /// <summary>A short name for reports (the folder or file name).</summary>
    string Name { get; }

    /// <summary>The path the dataset was opened from.</summary>
    string Source { get; }

    DatasetFormat Format { get; }

    /// <summary>Class names, indexed by label.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Images in their stable order.</summary>
    IReadOnlyList<DatasetEntry> Entries { get; }

    /// <summary>Shape of every loaded image, after the load transforms.</summary>
    ImageShape Shape { get; }

    /// <summary>Files under the source that are not images of a known format (ignored, counted).</summary>
    int IgnoredFiles { get; }

    /// <summary>
    /// Decodes entry <paramref name="index"/> into <paramref name="destination"/> (CHW, [0,1],
    /// length <see cref="ImageShape.Length"/>), applying the load transforms.
    /// </summary>
    /// <exception cref="ImageLoadException">The image is unreadable, truncated or of the wrong size.</exception>
    void Load(int index, Span<float> destination);
}
