using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Models;

/// <summary>Where a model card's values came from, most specific first.</summary>
public enum CardSource
{
    CommandLine,
    Sidecar,
    Catalog,
    OnnxMetadata,
    Defaults,
}

/// <summary>
/// A model and its preprocessing: what CloudFreq must do to a [0,1] NCHW image before the graph
/// sees it. Images are normalized as (x - Mean[c]) / Std[c] and laid out as <see cref="Layout"/>.
/// </summary>
public sealed record ModelCard
{
    /// <summary>Short name for reports (file name without extension unless given).</summary>
    public required string Name { get; init; }

    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    public required IReadOnlyList<float> Mean { get; init; }

    public required IReadOnlyList<float> Std { get; init; }

    /// <summary>Expected image shape (channels, height, width); null dims mean any.</summary>
    public required ImageShape Input { get; init; }

    /// <summary>Class names in output order, when known.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Model group for comparisons (for example <c>base</c>, <c>adv</c>).</summary>
    public string? Group { get; init; }

    /// <summary>How the model was trained, free text.</summary>
    public string? Training { get; init; }

    /// <summary>The dataset the model was trained for, free text.</summary>
    public string? Dataset { get; init; }

    /// <summary>Top-1 accuracy the model's authors measured, as a fraction.</summary>
    public double? ExpectedAccuracy { get; init; }

    /// <summary>Where the normalization and layout came from.</summary>
    public CardSource Source { get; init; }
}
