using System.Globalization;
using System.Text;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Reads results.csv back into rows (for merging runs and for tests). Accepts RFC 4180 quoting,
/// LF or CRLF line endings and a UTF-8 BOM; insists on the exact header and seven fields per row.
/// Errors are <see cref="CloudFreqException"/>s naming the file and line.
/// </summary>
public sealed class ResultsCsvReader
{
    /// <summary>Reads the rows of the file at <paramref name="path"/>.</summary>
    public IReadOnlyList<ResultRow> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <summary>Reads the rows from <paramref name="reader"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public IReadOnlyList<ResultRow> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);

        var parser = new CsvRecordParser(reader, sourceName);
        var header = parser.Next();
        if (header is null)
        {
            throw new CloudFreqException($"{sourceName}: empty file; expected the header '{ResultsCsvFormat.Header}'.");
        }

        if (header.Value.Fields.Count > 0 && header.Value.Fields[0].StartsWith('\uFEFF'))
        {
            header.Value.Fields[0] = header.Value.Fields[0][1..];
        }

        if (!header.Value.Fields.SequenceEqual(ResultsCsvFormat.Columns, StringComparer.Ordinal))
        {
            throw new CloudFreqException(
                $"{sourceName}:{header.Value.Line}: header is '{string.Join(',', header.Value.Fields)}'; expected '{ResultsCsvFormat.Header}'.");
        }

        var rows = new List<ResultRow>();
        while (parser.Next() is { } record)
        {
            rows.Add(ToRow(record, sourceName));
        }

        return rows;
    }

    /// <summary>Reads rows from the text of a whole file.</summary>
    public IReadOnlyList<ResultRow> ReadFromString(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, sourceName);
    }

    private static ResultRow ToRow(CsvRecord record, string sourceName)
    {
        var fields = record.Fields;
        if (fields.Count != ResultsCsvFormat.Columns.Count)
        {
            throw new CloudFreqException(
                $"{sourceName}:{record.Line}: {fields.Count} fields; expected {ResultsCsvFormat.Columns.Count} ({ResultsCsvFormat.Header}).");
        }

        double? value = null;
        if (fields[5].Length > 0)
        {
            if (!double.TryParse(fields[5], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
            {
                throw new CloudFreqException(
                    $"{sourceName}:{record.Line}: value '{fields[5]}' is not a finite invariant-culture number (empty means undefined).");
            }

            value = parsed;
        }

        if (!long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new CloudFreqException($"{sourceName}:{record.Line}: n '{fields[6]}' is not a non-negative integer.");
        }

        return new ResultRow(fields[0], fields[1], fields[2], fields[3], fields[4], value, n);
    }
}
