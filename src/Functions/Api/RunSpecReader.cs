using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Orchestrations.Runs;
using Microsoft.AspNetCore.Http;

namespace CloudFreq.Functions.Api;

/// <summary>
/// Reads a run spec from a request body, strictly: a size limit, well-formed JSON, no unknown
/// fields, required fields present, and sane sizes. Every refusal is a problem naming the field.
/// </summary>
public static partial class RunSpecReader
{
    public const int MaxDatasets = 64;
    public const int MaxModels = 64;
    public const int MaxItemSize = 1_000_000;
    public const int MaxPathLength = 1024;
    public const int MaxNameLength = 256;
    public const int MaxClassNames = 100_000;
    public const int MaxImageSide = 16_384;
    public const int MaxDepth = 32;

    /// <summary>RunJson's conventions, strict: unknown members and nulls for non-nullable members are errors.</summary>
    public static JsonSerializerOptions StrictOptions { get; } = CreateStrict();

    /// <summary>The spec, or the problem to answer.</summary>
    public static async Task<(RunSpec? Spec, IResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (request.ContentType is { Length: > 0 } contentType && !IsJson(contentType))
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                $"send the run spec as application/json, not '{Truncate(contentType, 100)}'.", "content-type"));
        }

        byte[] body;
        try
        {
            body = await ReadBoundedAsync(request.Body, maxBytes, cancellationToken).ConfigureAwait(false) ?? [];
            if (body.Length > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }

        return Parse(body);
    }

    /// <summary>Parses and checks a spec already read.</summary>
    public static (RunSpec? Spec, IResult? Problem) Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "empty-body", "Empty body", "the request body is empty; send a run spec as JSON.", "$"));
        }

        RunSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<RunSpec>(body, StrictOptions);
        }
        catch (JsonException ex)
        {
            var (field, detail) = Describe(ex);
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "invalid-run-spec", "Invalid run spec", detail, field));
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "invalid-run-spec", "Invalid run spec", "the run spec could not be read.", "$"));
        }

        if (spec is null)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "invalid-run-spec", "Invalid run spec", "the run spec must be a JSON object, not null.", "$"));
        }

        return Validate(spec) is { } problem ? (null, problem) : (spec, null);
    }

    private static IResult? Validate(RunSpec spec)
    {
        if (spec.Datasets is null || spec.Datasets.Count == 0)
        {
            return Unprocessable("datasets", "name at least one dataset.");
        }

        if (spec.Datasets.Count > MaxDatasets)
        {
            return Unprocessable("datasets", $"at most {MaxDatasets} datasets per run, got {spec.Datasets.Count}.");
        }

        if (spec.Models is null || spec.Models.Count == 0)
        {
            return Unprocessable("models", "name at least one model.");
        }

        if (spec.Models.Count > MaxModels)
        {
            return Unprocessable("models", $"at most {MaxModels} models per run, got {spec.Models.Count}.");
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
            return Unprocessable("itemSize", $"must be between 1 and {MaxItemSize}, got {spec.ItemSize}.");
        }

        if ((CheckText(spec.Suite, "suite", MaxPathLength, required: true) ?? CheckPath(spec.Suite, "suite", allowBuiltInName: true)) is { } suiteProblem)
        {
            return suiteProblem;
        }

        return spec.Catalog is null ? null : CheckText(spec.Catalog, "catalog", MaxPathLength, required: true) ?? CheckPath(spec.Catalog, "catalog");
    }

    private static IResult? CheckDataset(DatasetSpec? dataset, string at)
    {
        if (dataset is null)
        {
            return Unprocessable(at, "a dataset must be an object, not null.");
        }

        var problem = CheckText(dataset.Path, at + ".path", MaxPathLength, required: true) ?? CheckPath(dataset.Path, at + ".path");
        problem ??= dataset.Name is null ? null : CheckText(dataset.Name, at + ".name", MaxNameLength, required: true);
        return problem ?? CheckDatasetOptions(dataset.Options, at + ".options");
    }

    private static IResult? CheckDatasetOptions(DatasetOptions? options, string at)
    {
        if (options is null)
        {
            return Unprocessable(at, "must be an object, not null.");
        }

        if (!Enum.IsDefined(options.Format))
        {
            return Unprocessable(at + ".format", "is not a known dataset format.");
        }

        if (options.Resize is { } resize && resize is <= 0 or > MaxImageSide)
        {
            return Unprocessable(at + ".resize", $"must be between 1 and {MaxImageSide}, got {resize}.");
        }

        if (options.Crop is { } crop && crop is <= 0 or > MaxImageSide)
        {
            return Unprocessable(at + ".crop", $"must be between 1 and {MaxImageSide}, got {crop}.");
        }

        if (options.Offset < 0)
        {
            return Unprocessable(at + ".offset", $"must be zero or more, got {options.Offset}.");
        }

        if (options.Limit is { } limit && limit <= 0)
        {
            return Unprocessable(at + ".limit", $"must be positive, got {limit}.");
        }

        if (options.ClassNames is { } names && (names.Count > MaxClassNames || names.Any(n => n is null || n.Length > MaxNameLength)))
        {
            return Unprocessable(at + ".classNames", $"at most {MaxClassNames} names of at most {MaxNameLength} characters, none null.");
        }

        return (options.LabelsFile is null ? null : CheckText(options.LabelsFile, at + ".labelsFile", MaxPathLength, required: true) ?? CheckPath(options.LabelsFile, at + ".labelsFile"))
            ?? CheckText(options.FileColumn, at + ".fileColumn", MaxNameLength, required: true)
            ?? CheckText(options.LabelColumn, at + ".labelColumn", MaxNameLength, required: true);
    }

    private static IResult? CheckModel(ModelSpec? model, string at)
    {
        if (model is null)
        {
            return Unprocessable(at, "a model must be an object, not null.");
        }

        var problem = CheckText(model.Path, at + ".path", MaxPathLength, required: true) ?? CheckPath(model.Path, at + ".path");
        if (problem is not null || model.Card is not { } card)
        {
            return problem;
        }

        var cardAt = at + ".card";
        if (card.Layout is { } layout && !Enum.IsDefined(layout))
        {
            return Unprocessable(cardAt + ".layout", "is neither nchw nor nhwc.");
        }

        foreach (var (values, name) in new[] { (card.Mean, "mean"), (card.Std, "std") })
        {
            if (values is { } v && (v.Count is 0 or > 16 || v.Any(x => !float.IsFinite(x))))
            {
                return Unprocessable($"{cardAt}.{name}", "must hold 1 to 16 finite numbers.");
            }
        }

        if (card.Std is { } std && std.Any(x => x <= 0))
        {
            return Unprocessable(cardAt + ".std", "must be positive.");
        }

        if (card.Input is { } input && (input.Count is 0 or > 8 || input.Any(d => d is < -1 or 0 or > MaxImageSide)))
        {
            return Unprocessable(cardAt + ".input", $"must hold 1 to 8 dims, each -1 (symbolic) or 1 to {MaxImageSide}.");
        }

        if (card.ClassNames is { } names && (names.Count > MaxClassNames || names.Any(n => n is null || n.Length > MaxNameLength)))
        {
            return Unprocessable(cardAt + ".classNames", $"at most {MaxClassNames} names of at most {MaxNameLength} characters, none null.");
        }

        if (card.ExpectedAccuracy is { } accuracy && (!double.IsFinite(accuracy) || accuracy is < 0 or > 1))
        {
            return Unprocessable(cardAt + ".expectedAccuracy", "must be between 0 and 1.");
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

    private static IResult? CheckText(string? value, string field, int maxLength, bool required)
    {
        if (value is null || (required && string.IsNullOrWhiteSpace(value)))
        {
            return Unprocessable(field, "must not be empty.");
        }

        if (value.Length > maxLength)
        {
            return Unprocessable(field, $"is longer than {maxLength} characters.");
        }

        return value.Any(char.IsControl) ? Unprocessable(field, "must not contain control characters.") : null;
    }

    /// <summary>Blob names: relative, '/' separated, no '..' or '.' segments, no backslashes, no scheme.</summary>
    private static IResult? CheckPath(string value, string field, bool allowBuiltInName = false)
    {
        if (allowBuiltInName && BuiltInName().IsMatch(value))
        {
            return null;
        }

        if (value.Contains('\\', StringComparison.Ordinal) || value.StartsWith('/') || value.Contains(':', StringComparison.Ordinal))
        {
            return Unprocessable(field, $"'{Truncate(value, 100)}' is not a relative blob name (no '\\', leading '/' or ':').");
        }

        var segments = value.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return Unprocessable(field, $"'{Truncate(value, 100)}' has an empty, '.' or '..' segment.");
        }

        return null;
    }

    private static (string Field, string Detail) Describe(JsonException ex)
    {
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        var field = FieldOf(path);
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
        var message = ex.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && Quoted().Match(message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            var unknownField = field == "$" ? name : $"{field}.{name}";
            if (unknownField.EndsWith("." + name + "." + name, StringComparison.Ordinal) || field.EndsWith(name, StringComparison.Ordinal))
            {
                unknownField = field;
            }

            return (unknownField, $"unknown field '{Truncate(name, 100)}'{where}.");
        }

        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var listed = message[(message.IndexOf("missing required properties", StringComparison.Ordinal) + 27)..];
            var names = Quoted().Matches(listed).Select(m => m.Groups[1].Value).ToList();
            var missing = names.Count > 0 ? names[0] : "?";
            return (field == "$" ? missing : $"{field}.{missing}", $"missing required field{(names.Count > 1 ? "s" : string.Empty)} {string.Join(", ", names.Select(n => $"'{n}'"))}.");
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return (field, $"the JSON is nested deeper than {MaxDepth} levels.");
        }

        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullable", StringComparison.OrdinalIgnoreCase))
        {
            return (field, $"'{field}' must not be null{where}.");
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (field, $"'{field}' has a value of the wrong type or out of range{where}.");
        }

        return (field, $"malformed JSON{where}.");
    }

    /// <summary><c>$.datasets[0].path</c> -> <c>datasets[0].path</c>; <c>$['odd name']</c> kept readable.</summary>
    private static string FieldOf(string path) => path switch
    {
        "$" => "$",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ when path.StartsWith('$') => path[1..],
        _ => path,
    };

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(RunJson.Options)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            AllowDuplicateProperties = false,
            MaxDepth = MaxDepth,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return buffer.ToArray();
            }
        }
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }

    private static IResult TooLarge(long maxBytes) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "body-too-large", "Request body too large", $"a run spec may be at most {maxBytes} bytes.", "body");

    private static IResult Unprocessable(string field, string detail) =>
        Problems.Result(StatusCodes.Status422UnprocessableEntity, "invalid-run-spec", "Invalid run spec", $"{field}: {detail}", field);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length] + "...";

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BuiltInName();
}
