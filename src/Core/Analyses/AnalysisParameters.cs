using System.Globalization;
using System.Text.Json;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// The parameters of one analysis entry of a suite (<c>{"name": "hybrid", "seeds": [0, 1]}</c>),
/// read with defaults and validated with errors that name the suite, the analysis and the field.
/// </summary>
public sealed class AnalysisParameters
{
    private readonly JsonElement _entry;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal) { "name" };

    /// <param name="entry">The suite entry, a JSON object.</param>
    /// <param name="where">Names the entry in errors, for example <c>suite.json: analyses[1] (hybrid)</c>.</param>
    public AnalysisParameters(JsonElement entry, string where)
    {
        _entry = entry;
        Where = where;
    }

    /// <summary>No parameters: every default.</summary>
    public static AnalysisParameters Empty(string name) =>
        new(JsonDocument.Parse("{}").RootElement.Clone(), name);

    public string Where { get; }

    public int GetInt(string field, int fallback, int min = int.MinValue)
    {
        if (!TryGet(field, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min
            ? number
            : throw Invalid(field, $"an integer of at least {min.ToString(CultureInfo.InvariantCulture)}");
    }

    public double GetDouble(string field, double fallback, double min, double max)
    {
        if (!TryGet(field, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && number >= min && number <= max
            ? number
            : throw Invalid(field, $"a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
    }

    public bool GetBool(string field, bool fallback)
    {
        if (!TryGet(field, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(field, "true or false"),
        };
    }

    public IReadOnlyList<int> GetInts(string field, IReadOnlyList<int> fallback, int min = int.MinValue)
    {
        if (!TryGet(field, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Invalid(field, "a non-empty array of integers");
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= min
            ? n
            : throw Invalid(field, $"an array of integers of at least {min.ToString(CultureInfo.InvariantCulture)}"))];
    }

    public IReadOnlyList<double> GetDoubles(string field, IReadOnlyList<double> fallback, double min, double max)
    {
        if (!TryGet(field, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Invalid(field, "a non-empty array of numbers");
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.GetDouble() is var d && d >= min && d <= max
            ? d
            : throw Invalid(field, $"an array of numbers in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]"))];
    }

    public IReadOnlyList<string> GetStrings(string field, IReadOnlyList<string> fallback, IReadOnlyCollection<string> allowed)
    {
        if (!TryGet(field, out var value))
        {
            return fallback;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Invalid(field, $"a non-empty array of {string.Join(", ", allowed)}");
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String && allowed.Contains(e.GetString()!)
            ? e.GetString()!
            : throw Invalid(field, $"an array of {string.Join(", ", allowed)}"))];
    }

    /// <summary>A field's raw JSON, for structured values the typed getters do not cover; false when absent or null.</summary>
    public bool TryGetElement(string field, out JsonElement value) => TryGet(field, out value);

    /// <summary>Fails on fields no getter asked for: a typo must not silently fall back to a default.</summary>
    public void RejectUnknown()
    {
        foreach (var property in _entry.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                throw new CloudFreqException($"{Where}: unknown field '{property.Name}'.");
            }
        }
    }

    private bool TryGet(string field, out JsonElement value)
    {
        _read.Add(field);
        return _entry.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private CloudFreqException Invalid(string field, string expected) =>
        new($"{Where}: field '{field}' must be {expected}.");
}
