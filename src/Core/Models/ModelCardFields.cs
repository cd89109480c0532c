namespace CloudFreq.Core.Models;

/// <summary>
/// The fields one card source provides; null means "this source says nothing". Sources are
/// merged field by field, most specific first (DESIGN.md section 1).
/// </summary>
public sealed record ModelCardFields
{
    public string? Name { get; init; }

    public TensorLayout? Layout { get; init; }

    public IReadOnlyList<float>? Mean { get; init; }

    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Input dims as the card writes them, batch first, in the card's layout; -1 for a symbolic dim.</summary>
    public IReadOnlyList<long>? Input { get; init; }

    public IReadOnlyList<string>? ClassNames { get; init; }

    public string? Group { get; init; }

    public string? Training { get; init; }

    public string? Dataset { get; init; }

    public double? ExpectedAccuracy { get; init; }

    /// <summary>True when this source sets any preprocessing field (layout, mean or std).</summary>
    public bool SetsPreprocessing => Layout is not null || Mean is not null || Std is not null;
}
