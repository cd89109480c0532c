using CloudFreq.Core.Data;
using CloudFreq.Core.Models;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// What to run: datasets x models x analyses. Everything that changes the numbers is here; how
/// the run is executed (device, threads, inference batch size) is not (see <see cref="ExecutionSettings"/>).
/// </summary>
public sealed record RunSpec
{
    public required IReadOnlyList<DatasetSpec> Datasets { get; init; }

    public required IReadOnlyList<ModelSpec> Models { get; init; }

    /// <summary>A built-in suite name (<c>clean</c>) or the path of a suite JSON file.</summary>
    public string Suite { get; init; } = "clean";

    /// <summary>The run seed; per-image seeds derive from it and the image ids.</summary>
    public long Seed { get; init; }

    /// <summary>Images per work item: the unit of resumption and of fan-out.</summary>
    public int ItemSize { get; init; } = 1000;

    /// <summary>Stop on the first unreadable image instead of skipping and counting it.</summary>
    public bool Strict { get; init; }

    /// <summary>A model catalog (the format of models.json) consulted for cards.</summary>
    public string? Catalog { get; init; }
}

/// <summary>A dataset of a run and its load transforms.</summary>
public sealed record DatasetSpec
{
    public required string Path { get; init; }

    /// <summary>Name in reports; the folder or file name when absent.</summary>
    public string? Name { get; init; }

    public DatasetOptions Options { get; init; } = new();
}

/// <summary>A model of a run: its file and any card fields given explicitly.</summary>
public sealed record ModelSpec
{
    public required string Path { get; init; }

    public ModelCardFields? Card { get; init; }
}
