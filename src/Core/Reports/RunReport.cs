using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CloudFreq.Core.Models;

namespace CloudFreq.Core.Reports;

/// <summary>Everything report.json holds; results.csv and report.html are views of it.</summary>
public sealed record RunReport
{
    /// <summary>
    /// Version of the report.json schema and the results table; bumped on any change to either.
    /// 1: the first. 2: the cross-model <c>study</c> rows, and the spec of a merged report
    /// (<c>cloudfreq report</c>) is <c>{seed, analyses, datasetOptions, runs: [{runId, source, tool,
    /// createdTime, spec}]}</c> instead of one run's spec. Version 1 files still read (nothing was removed).
    /// </summary>
    public const int CurrentSchemaVersion = 2;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The producing tool and its version, for example <c>cloudfreq 0.1.0</c>.</summary>
    public required string Tool { get; init; }

    public required string RunId { get; init; }

    public required DateTimeOffset CreatedTime { get; init; }

    public required DateTimeOffset CompletedTime { get; init; }

    /// <summary>The run spec exactly as the run used it; for a merged report, the merged spec (see <see cref="CurrentSchemaVersion"/>).</summary>
    public required JsonNode Spec { get; init; }

    public required IReadOnlyList<ReportDataset> Datasets { get; init; }

    public required IReadOnlyList<ReportModel> Models { get; init; }

    public required IReadOnlyList<ResultRow> Rows { get; init; }

    public IReadOnlyList<ConfusionMatrix> Confusions { get; init; } = [];

    public required ReportTimings Timings { get; init; }

    public IReadOnlyList<ReportError> Errors { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Plots and image galleries for report.html (<see cref="ReportFigureBuilder"/>). Not written to
    /// report.json: plots are a view of <see cref="Rows"/> and can be rebuilt from them, and PNGs would
    /// make the file large; so the schema is unchanged, and a report read back has no figures.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];
}

/// <summary>A dataset as the run saw it.</summary>
public sealed record ReportDataset(
    string Name,
    string Source,
    string Format,
    int Images,
    IReadOnlyList<string> ClassNames,
    string Shape,
    int IgnoredFiles,
    int SkippedImages);

/// <summary>A model as the run used it: identity, card and how it was batched.</summary>
public sealed record ReportModel(
    string Name,
    string Uri,
    string Sha256,
    ModelCard Card,
    string Batching,
    IReadOnlyList<string> Warnings);

/// <summary>Confusion counts of one model on one dataset: Counts[true][predicted].</summary>
public sealed record ConfusionMatrix(
    string Dataset,
    string Model,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<IReadOnlyList<long>> Counts);

/// <summary>Wall-clock figures of a run.</summary>
public sealed record ReportTimings(double TotalSeconds, IReadOnlyList<ModelTiming> Models);

/// <summary>Time spent on one model: scoring, decoding (shared decode time is split evenly), throughput.</summary>
public sealed record ModelTiming(string Dataset, string Model, long Images, double Seconds, double ImagesPerSecond);

/// <summary>An error the run recorded without stopping: a skipped image or a failed work item.</summary>
public sealed record ReportError(string Kind, string Where, string Message);
