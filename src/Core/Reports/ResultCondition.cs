using System.Globalization;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Builds and parses the <c>condition</c> column of the results contract: <c>key=value</c> pairs
/// joined by <c>;</c> in the order the caller gives (each analysis fixes its key order).
/// Numbers are written in invariant culture, doubles in their shortest round-trip form, so the
/// same condition always gives the same string on every machine.
/// </summary>
public static class ResultCondition
{
    /// <summary>The key of per-class rows: <c>class=&lt;name&gt;</c>.</summary>
    public const string ClassKey = "class";

    /// <summary>Joins ordered pairs into a condition string; no pairs give the empty condition.</summary>
    /// <exception cref="ArgumentException">A key is empty or holds <c>=</c> or <c>;</c>, or a value holds <c>;</c>.</exception>
    public static string Format(IEnumerable<KeyValuePair<string, object>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var parts = new List<string>();
        foreach (var (key, value) in pairs)
        {
            if (string.IsNullOrEmpty(key) || key.Contains('=', StringComparison.Ordinal) || key.Contains(';', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Condition key '{key}' must be non-empty and hold neither '=' nor ';'.", nameof(pairs));
            }

            var text = FormatValue(value);
            if (text.Contains(';', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Condition value '{text}' of key '{key}' must not hold ';'.", nameof(pairs));
            }

            parts.Add(key + "=" + text);
        }

        return string.Join(';', parts);
    }

    /// <summary>Joins ordered pairs given as tuples, for example <c>Format(("alpha", 0.33), ("seed", 2))</c>.</summary>
    public static string Format(params ReadOnlySpan<(string Key, object Value)> pairs)
    {
        var list = new List<KeyValuePair<string, object>>(pairs.Length);
        foreach (var (key, value) in pairs)
        {
            list.Add(new KeyValuePair<string, object>(key, value));
        }

        return Format(list);
    }

    /// <summary>The condition of a per-class row.</summary>
    public static string ForClass(string className) => Format((ClassKey, (object)className));

    /// <summary>
    /// Splits a condition into its pairs in order; the empty condition gives none. A pair splits at its
    /// first <c>=</c>, so values may hold <c>=</c>.
    /// </summary>
    /// <exception cref="FormatException">A part has no <c>=</c> or an empty key.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (condition.Length == 0)
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in condition.Split(';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"Condition '{condition}': part '{part}' is not key=value.");
            }

            pairs.Add(new KeyValuePair<string, string>(part[..equals], part[(equals + 1)..]));
        }

        return pairs;
    }

    /// <summary>The class name of a per-class condition (exactly one pair, key <c>class</c>); null otherwise.</summary>
    public static string? TryGetClassName(string condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        const string prefix = ClassKey + "=";
        return condition.StartsWith(prefix, StringComparison.Ordinal) && !condition.Contains(';', StringComparison.Ordinal)
            ? condition[prefix.Length..]
            : null;
    }

    /// <summary>Invariant text of one value; doubles and floats in shortest round-trip form.</summary>
    public static string FormatValue(object value) => value switch
    {
        null => throw new ArgumentNullException(nameof(value), "Condition values must not be null."),
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => FormatDouble(number),
        float number => FormatDouble(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string FormatDouble(double number) =>
        double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : throw new ArgumentException($"Condition values must be finite, got {number.ToString(CultureInfo.InvariantCulture)}.", nameof(number));
}
