using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Writes report.json: camelCase, indented with two spaces and LF, <c>schemaVersion</c> first,
/// enums as strings (layout <c>"NCHW"</c>/<c>"NHWC"</c>, card source camelCase), an image shape as
/// <c>{channels, height, width}</c>, null for every undefined number (never NaN), and null for
/// optional card fields that are absent (written, not omitted, so the shape is always the same).
/// </summary>
public sealed class ReportJsonWriter
{
    private readonly JsonTypeInfo<RunReport> _typeInfo = ReportJsonOptions.CreateTypeInfo();

    /// <summary>Writes the report to <paramref name="path"/> atomically (temp file, then replace).</summary>
    public void Write(string path, RunReport report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(report);
        AtomicFile.Write(path, stream => Write(stream, report));
    }

    /// <summary>Writes the report as UTF-8 (no BOM) to <paramref name="stream"/>; the caller owns the stream.</summary>
    public void Write(Stream stream, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        JsonSerializer.Serialize(stream, report, _typeInfo);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The report as a JSON string.</summary>
    public string WriteToString(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        Write(stream, report);
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
