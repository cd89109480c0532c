using System.Globalization;
using System.Text.Json;

namespace CloudFreq.Core.Models;

/// <summary>
/// Reads model cards written as JSON: a sidecar <c>&lt;model&gt;.json</c>, one entry of a catalog
/// (the format of ../shared/models/models.json), or the <c>cloudfreq.card</c> ONNX metadata entry.
/// </summary>
/// <remarks>
/// Keys: name, layout ("NCHW" or "NHWC"), mean, std, input (dims in the card's layout, batch first,
/// a string for a symbolic dim), classNames, group, training, dataset, expectedAccuracy. Unknown
/// keys are ignored so catalogs can carry more (source, file).
/// </remarks>
public static class ModelCardJson
{
    /// <summary>Parses one card object; <paramref name="where"/> names the file (and entry) in errors.</summary>
    public static ModelCardFields Parse(JsonElement card, string where)
    {
        if (card.ValueKind != JsonValueKind.Object)
        {
            throw new CloudFreqException($"{where}: a model card must be a JSON object.");
        }

        return new ModelCardFields
        {
            Name = OptionalString(card, "name", where),
            Layout = OptionalString(card, "layout", where) is { } layout ? ParseLayout(layout, $"{where}: field 'layout'") : null,
            Mean = OptionalFloats(card, "mean", where),
            Std = OptionalFloats(card, "std", where),
            Input = OptionalDims(card, "input", where),
            ClassNames = OptionalStrings(card, "classNames", where),
            Group = OptionalString(card, "group", where),
            Training = OptionalString(card, "training", where),
            Dataset = OptionalString(card, "dataset", where),
            ExpectedAccuracy = OptionalNumber(card, "expectedAccuracy", where),
        };
    }

    /// <summary>Parses a card from JSON text.</summary>
    public static ModelCardFields Parse(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement, where);
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"{where}: not valid JSON: {ex.Message}", ex);
        }
    }

    public static TensorLayout ParseLayout(string text, string where) => text.Trim().ToUpperInvariant() switch
    {
        "NCHW" => TensorLayout.Nchw,
        "NHWC" => TensorLayout.Nhwc,
        _ => throw new CloudFreqException($"{where}: layout '{text}' is neither NCHW nor NHWC."),
    };

    private static string? OptionalString(JsonElement card, string key, string where)
    {
        if (!card.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new CloudFreqException($"{where}: field '{key}' must be a string.");
    }

    private static double? OptionalNumber(JsonElement card, string key, string where)
    {
        if (!card.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new CloudFreqException($"{where}: field '{key}' must be a number.");
    }

    private static float[]? OptionalFloats(JsonElement card, string key, string where)
    {
        if (!card.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number))
        {
            throw new CloudFreqException($"{where}: field '{key}' must be an array of numbers (one per channel).");
        }

        return [.. value.EnumerateArray().Select(e => e.GetSingle())];
    }

    private static string[]? OptionalStrings(JsonElement card, string key, string where)
    {
        if (!card.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new CloudFreqException($"{where}: field '{key}' must be an array of strings.");
        }

        return [.. value.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static long[]? OptionalDims(JsonElement card, string key, string where)
    {
        if (!card.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new CloudFreqException($"{where}: field '{key}' must be an array of dims, for example [1, 3, 32, 32].");
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.Number when e.TryGetInt64(out var dim) && dim > 0 => dim,
            JsonValueKind.String => -1L,
            _ => throw new CloudFreqException(
                $"{where}: field '{key}' holds '{e.GetRawText()}'; dims are positive integers or names of symbolic dims."),
        })];
    }

    /// <summary>Formats dims for messages: symbolic dims as '?'.</summary>
    public static string FormatDims(IEnumerable<long> dims) =>
        "[" + string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
