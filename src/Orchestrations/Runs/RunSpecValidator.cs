using System.Text.RegularExpressions;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Orchestrations.Cloud;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// The one structural check of a cloud run spec, used wherever a spec enters: the HTTP API and the
/// upload marker (both through <see cref="RunInputStager.ValidateAsync"/>) and <c>cloudfreq upload</c>
/// before it writes anything. It looks at the spec alone (counts, sizes, ranges, relative names, card
/// fields, dataset options), never at storage: whether the blobs exist is the stager's check.
/// </summary>
/// <remarks>
/// The first problem found is thrown as a <see cref="RunSpecException"/> whose
/// <see cref="RunSpecException.Field"/> is the JSON path of the offending field (<c>models[1].card.std</c>)
/// and whose message starts with it; the HTTP API answers it as a 422 validation problem.
/// </remarks>
public static partial class RunSpecValidator
{
    public const int MaxDatasets = 64;
    public const int MaxModels = 64;
    public const int MaxItemSize = 1_000_000;
    public const int MaxPathLength = 1024;
    public const int MaxNameLength = 256;
    public const int MaxClassNames = 100_000;
    public const int MaxImageSide = 16_384;

    /// <summary>Checks <paramref name="spec"/>; returns it unchanged when it is valid.</summary>
    /// <exception cref="RunSpecException">The spec is invalid; the exception names the field.</exception>
    public static RunSpec Validate(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Problem(spec) is { } problem)
        {
            throw new RunSpecException(problem.Field, $"{problem.Field}: {problem.Detail}");
        }

        return spec;
    }

    // The first problem: the field's JSON path and what is wrong with it.
    private static (string Field, string Detail)? Problem(RunSpec spec)
    {
        if (spec.Datasets is null || spec.Datasets.Count == 0)
        {
            return ("datasets", "name at least one dataset, such as {\"path\": \"datasets/NAME\"}.");
        }

        if (spec.Datasets.Count > MaxDatasets)
        {
            return ("datasets", $"at most {MaxDatasets} datasets per run, got {spec.Datasets.Count}.");
        }

        if (spec.Models is null || spec.Models.Count == 0)
        {
            return ("models", "name at least one model, such as {\"path\": \"models/FILE.onnx\"}.");
        }

        if (spec.Models.Count > MaxModels)
        {
            return ("models", $"at most {MaxModels} models per run, got {spec.Models.Count}.");
        }

        for (var i = 0; i < spec.Datasets.Count; i++)
        {
            if (CheckDataset(spec.Datasets[i], $"datasets[{i}]") is { } problem)
            {
                return problem;
            }
        }

        for (var i = 0; i < spec.Models.Count; i++)
        {
            if (CheckModel(spec.Models[i], $"models[{i}]") is { } problem)
            {
                return problem;
            }
        }

        if (spec.ItemSize is <= 0 or > MaxItemSize)
        {
            return ("itemSize", $"must be between 1 and {MaxItemSize}, got {spec.ItemSize}.");
        }

        if ((CheckText(spec.Suite, "suite", MaxPathLength, required: true) ?? CheckPath(spec.Suite, "suite", allowBuiltInName: true)) is { } suiteProblem)
        {
            return suiteProblem;
        }

        return spec.Catalog is null ? null : CheckText(spec.Catalog, "catalog", MaxPathLength, required: true) ?? CheckPath(spec.Catalog, "catalog");
    }

    private static (string, string)? CheckDataset(DatasetSpec? dataset, string at)
    {
        if (dataset is null)
        {
            return (at, "a dataset must be an object, not null.");
        }

        var problem = CheckText(dataset.Path, at + ".path", MaxPathLength, required: true) ?? CheckPath(dataset.Path, at + ".path");
        problem ??= dataset.Name is null ? null : CheckText(dataset.Name, at + ".name", MaxNameLength, required: true);
        return problem ?? CheckDatasetOptions(dataset.Options, at + ".options");
    }

    private static (string, string)? CheckDatasetOptions(DatasetOptions? options, string at)
    {
        if (options is null)
        {
            return (at, "must be an object, not null.");
        }

        if (!Enum.IsDefined(options.Format))
        {
            return (at + ".format", "is not a known dataset format.");
        }

        if (options.Resize is { } resize && resize is <= 0 or > MaxImageSide)
        {
            return (at + ".resize", $"must be between 1 and {MaxImageSide}, got {resize}.");
        }

        if (options.Crop is { } crop && crop is <= 0 or > MaxImageSide)
        {
            return (at + ".crop", $"must be between 1 and {MaxImageSide}, got {crop}.");
        }

        if (options.Offset < 0)
        {
            return (at + ".offset", $"must be zero or more, got {options.Offset}.");
        }

        if (options.Limit is { } limit && limit <= 0)
        {
            return (at + ".limit", $"must be positive, got {limit}.");
        }

        if (options.ClassNames is { } names && (names.Count > MaxClassNames || names.Any(n => n is null || n.Length > MaxNameLength)))
        {
            return (at + ".classNames", $"at most {MaxClassNames} names of at most {MaxNameLength} characters, none null.");
        }

        return (options.LabelsFile is null ? null : CheckText(options.LabelsFile, at + ".labelsFile", MaxPathLength, required: true) ?? CheckPath(options.LabelsFile, at + ".labelsFile"))
            ?? CheckText(options.FileColumn, at + ".fileColumn", MaxNameLength, required: true)
            ?? CheckText(options.LabelColumn, at + ".labelColumn", MaxNameLength, required: true);
    }

    private static (string, string)? CheckModel(ModelSpec? model, string at)
    {
        if (model is null)
        {
            return (at, "a model must be an object, not null.");
        }

        var problem = CheckText(model.Path, at + ".path", MaxPathLength, required: true) ?? CheckPath(model.Path, at + ".path");
        if (problem is not null || model.Card is not { } card)
        {
            return problem;
        }

        var cardAt = at + ".card";
        if (card.Layout is { } layout && !Enum.IsDefined(layout))
        {
            return (cardAt + ".layout", "is neither nchw nor nhwc.");
        }

        foreach (var (values, name) in new[] { (card.Mean, "mean"), (card.Std, "std") })
        {
            if (values is { } v && (v.Count is 0 or > 16 || v.Any(x => !float.IsFinite(x))))
            {
                return ($"{cardAt}.{name}", "must hold 1 to 16 finite numbers.");
            }
        }

        if (card.Std is { } std && std.Any(x => x <= 0))
        {
            return (cardAt + ".std", "must be positive.");
        }

        if (card.Input is { } input && (input.Count is 0 or > 8 || input.Any(d => d is < -1 or 0 or > MaxImageSide)))
        {
            return (cardAt + ".input", $"must hold 1 to 8 dims, each -1 (symbolic) or 1 to {MaxImageSide}.");
        }

        if (card.ClassNames is { } names && (names.Count > MaxClassNames || names.Any(n => n is null || n.Length > MaxNameLength)))
        {
            return (cardAt + ".classNames", $"at most {MaxClassNames} names of at most {MaxNameLength} characters, none null.");
        }

        if (card.ExpectedAccuracy is { } accuracy && (!double.IsFinite(accuracy) || accuracy is < 0 or > 1))
        {
            return (cardAt + ".expectedAccuracy", "must be between 0 and 1.");
        }

        foreach (var (text, name) in new[] { (card.Name, "name"), (card.Group, "group"), (card.Training, "training"), (card.Dataset, "dataset") })
        {
            if (text is not null && CheckText(text, $"{cardAt}.{name}", MaxNameLength, required: false) is { } textProblem)
            {
                return textProblem;
            }
        }

        return null;
    }

    private static (string, string)? CheckText(string? value, string field, int maxLength, bool required)
    {
        if (value is null || (required && string.IsNullOrWhiteSpace(value)))
        {
            return (field, "must not be empty.");
        }

        if (value.Length > maxLength)
        {
            return (field, $"is longer than {maxLength} characters.");
        }

        return value.Any(char.IsControl) ? (field, "must not contain control characters.") : null;
    }

    /// <summary>Blob names: relative, '/' separated, no '..' or '.' segments, no backslashes, no scheme.</summary>
    private static (string, string)? CheckPath(string value, string field, bool allowBuiltInName = false)
    {
        if (allowBuiltInName && BuiltInName().IsMatch(value))
        {
            return null;
        }

        if (value.Contains('\\', StringComparison.Ordinal) || value.StartsWith('/') || value.Contains(':', StringComparison.Ordinal))
        {
            return (field, $"'{Truncate(value, 100)}' is not a relative blob name (no '\\', leading '/' or ':').");
        }

        var segments = value.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return (field, $"'{Truncate(value, 100)}' has an empty, '.' or '..' segment.");
        }

        return null;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "...";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BuiltInName();
}
