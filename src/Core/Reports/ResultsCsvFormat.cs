using System.Globalization;

namespace CloudFreq.Core.Reports;

/// <summary>What results.csv writer and reader agree on: the header and the number formats.</summary>
internal static class ResultsCsvFormat
{
    public static readonly IReadOnlyList<string> Columns = ["dataset", "model", "analysis", "condition", "metric", "value", "n"];

    public static string Header => string.Join(',', Columns);

    /// <summary>Shortest round-trip invariant text; empty for an undefined value (null, NaN, infinity).</summary>
    public static string FormatValue(double? value) =>
        value is { } number && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : string.Empty;
}
