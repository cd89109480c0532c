using System.Globalization;
using System.Text.Json;

namespace CloudFreq.Core.Corruptions;

/// <summary>One column of a corruption table: its name (for errors), its range and whether it must be integral.</summary>
public sealed record TableColumn(string Name, double Min = double.NegativeInfinity, double Max = double.PositiveInfinity, bool MinExclusive = false, bool Integer = false)
{
    /// <summary>A value that must be at least 0.</summary>
    public static TableColumn NonNegative(string name) => new(name, Min: 0);

    /// <summary>A value that must be above 0.</summary>
    public static TableColumn Positive(string name) => new(name, Min: 0, MinExclusive: true);

    /// <summary>A probability or weight in [0, 1].</summary>
    public static TableColumn Unit(string name) => new(name, Min: 0, Max: 1);

    internal string Range() => Integer
        ? $"an integer in [{Format(Min)}, {Format(Max)}]"
        : $"a finite number in {(MinExclusive ? "(" : "[")}{Format(Min)}, {Format(Max)}{(double.IsPositiveInfinity(Max) ? ")" : "]")}";

    internal bool Accepts(double value) =>
        double.IsFinite(value)
        && (MinExclusive ? value > Min : value >= Min)
        && value <= Max
        && (!Integer || Math.Floor(value) == value);

    private static string Format(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Reads a custom corruption table (<see cref="ITunableCorruption"/>'s JSON shape) over a default one,
/// validating every entry with errors that name the entry and the cause.
/// </summary>
public static class CorruptionTableJson
{
    private static readonly IReadOnlyDictionary<string, CorruptionPreset> Presets = new Dictionary<string, CorruptionPreset>(StringComparer.Ordinal)
    {
        ["imagenet-c"] = CorruptionPreset.ImageNetC,
        ["cifar10-c"] = CorruptionPreset.Cifar10C,
    };

    /// <summary>
    /// The table <paramref name="defaults"/> with the presets in <paramref name="json"/> replaced.
    /// One column: each severity is a number; more: an array of numbers in column order.
    /// </summary>
    /// <exception cref="CloudFreqException">Malformed JSON shape or a value out of a column's range.</exception>
    public static CorruptionTable<T> Read<T>(JsonElement json, string where, CorruptionTable<T> defaults, IReadOnlyList<TableColumn> columns, Func<double[], T> create)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(create);
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new CloudFreqException($"{where}: must be an object {{\"imagenet-c\": [5 severities], \"cifar10-c\": [5 severities]}}.");
        }

        IEnumerable<T> imageNetC = defaults.ImageNetC;
        IEnumerable<T> cifar10C = defaults.Cifar10C;
        foreach (var property in json.EnumerateObject())
        {
            if (!Presets.TryGetValue(property.Name, out var preset))
            {
                throw new CloudFreqException($"{where}: unknown preset '{property.Name}'; presets: {string.Join(", ", Presets.Keys)}.");
            }

            var rows = ReadPreset(property.Value, $"{where}.{property.Name}", columns).Select(create).ToArray();
            if (preset == CorruptionPreset.ImageNetC)
            {
                imageNetC = rows;
            }
            else
            {
                cifar10C = rows;
            }
        }

        return new CorruptionTable<T>(imageNetC, cifar10C);
    }

    private static List<double[]> ReadPreset(JsonElement json, string where, IReadOnlyList<TableColumn> columns)
    {
        var severities = CorruptionTable<double>.Severities;
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() != severities)
        {
            var got = json.ValueKind == JsonValueKind.Array ? $"{json.GetArrayLength()} entries" : json.ValueKind.ToString().ToLowerInvariant();
            throw new CloudFreqException($"{where}: must be an array of exactly {severities} severities; got {got}.");
        }

        var shape = columns.Count == 1 ? $"a number ({columns[0].Name})" : $"an array of {columns.Count} numbers [{string.Join(", ", columns.Select(c => c.Name))}]";
        var rows = new List<double[]>(severities);
        var index = 0;
        foreach (var entry in json.EnumerateArray())
        {
            var path = $"{where}[{index.ToString(CultureInfo.InvariantCulture)}]";
            if (columns.Count == 1)
            {
                rows.Add([Value(entry, path, columns[0], shape)]);
            }
            else if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != columns.Count)
            {
                var got = entry.ValueKind == JsonValueKind.Array ? $"{entry.GetArrayLength()} numbers" : entry.ValueKind.ToString().ToLowerInvariant();
                throw new CloudFreqException($"{path}: must be {shape}; got {got}.");
            }
            else
            {
                var row = new double[columns.Count];
                var c = 0;
                foreach (var value in entry.EnumerateArray())
                {
                    row[c] = Value(value, $"{path}[{c.ToString(CultureInfo.InvariantCulture)}]", columns[c], shape);
                    c++;
                }

                rows.Add(row);
            }

            index++;
        }

        return rows;
    }

    private static double Value(JsonElement json, string path, TableColumn column, string shape)
    {
        if (json.ValueKind != JsonValueKind.Number)
        {
            throw new CloudFreqException($"{path}: must be {shape}; got {json.ValueKind.ToString().ToLowerInvariant()} {json.GetRawText()}.");
        }

        // Literals too large for a double read as infinity (or fail to parse): both are rejected as not finite.
        if (!json.TryGetDouble(out var value) || !column.Accepts(value))
        {
            throw new CloudFreqException($"{path}: {column.Name} must be {column.Range()}; got {json.GetRawText()}.");
        }

        return value;
    }
}
