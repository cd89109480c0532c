using System.Globalization;
using System.Text;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Writes results.csv (DESIGN.md section 5): the header <c>dataset,model,analysis,condition,metric,value,n</c>,
/// one line per row, RFC 4180 quoting where a field needs it, LF line endings, UTF-8 without BOM.
/// Values are fractions in invariant culture and shortest round-trip form; an undefined value
/// (null, and NaN or infinity, which no analysis should produce) is an empty field.
/// </summary>
public sealed class ResultsCsvWriter
{
    /// <summary>Writes the rows to <paramref name="path"/> atomically (temp file, then replace).</summary>
    public void Write(string path, IEnumerable<ResultRow> rows)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(rows);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            Write(writer, rows);
        });
    }

    /// <summary>Writes header and rows to <paramref name="writer"/>; the caller owns the writer.</summary>
    public void Write(TextWriter writer, IEnumerable<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);

        // Fixed "\n" rather than writer.NewLine, so the file is identical on every OS.
        writer.Write(ResultsCsvFormat.Header);
        writer.Write('\n');
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            WriteField(writer, row.Dataset);
            writer.Write(',');
            WriteField(writer, row.Model);
            writer.Write(',');
            WriteField(writer, row.Analysis);
            writer.Write(',');
            WriteField(writer, row.Condition);
            writer.Write(',');
            WriteField(writer, row.Metric);
            writer.Write(',');
            writer.Write(ResultsCsvFormat.FormatValue(row.Value));
            writer.Write(',');
            writer.Write(row.N.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>The whole file as a string, for HTTP responses and tests.</summary>
    public string WriteToString(IEnumerable<ResultRow> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, rows);
        return writer.ToString();
    }

    private static void WriteField(TextWriter writer, string? field)
    {
        field ??= string.Empty;

        // RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
        // Leading/trailing spaces are quoted too, so that lenient readers do not trim them.
        var needsQuotes = field.AsSpan().IndexOfAny(",\"\r\n") >= 0
            || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])));
        if (!needsQuotes)
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
