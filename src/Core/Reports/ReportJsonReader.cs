using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Reads report.json. Checks <c>schemaVersion</c> before anything else, so that a report from a
/// newer CloudFreq fails with a message that says so rather than with a confusing field error.
/// Every failure is a <see cref="CloudFreqException"/> naming the source.
/// </summary>
public sealed class ReportJsonReader
{
    private readonly JsonTypeInfo<RunReport> _typeInfo = ReportJsonOptions.CreateTypeInfo();

    /// <summary>Reads the report at <paramref name="path"/>.</summary>
    public RunReport Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a report from <paramref name="stream"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public RunReport Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException exception)
        {
            throw new CloudFreqException($"{sourceName}: not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            return Read(document.RootElement, sourceName);
        }
    }

    /// <summary>Reads a report from its JSON text.</summary>
    public RunReport ReadFromString(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return Read(stream, sourceName);
    }

    private RunReport Read(JsonElement root, string sourceName)
    {
        CheckSchemaVersion(root, sourceName);
        try
        {
            return root.Deserialize(_typeInfo)
                ?? throw new CloudFreqException($"{sourceName}: the report is null.");
        }
        catch (JsonException exception)
        {
            throw new CloudFreqException($"{sourceName}: not a valid CloudFreq report: {exception.Message}", exception);
        }
    }

    private static void CheckSchemaVersion(JsonElement root, string sourceName)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new CloudFreqException($"{sourceName}: a report must be a JSON object, found {root.ValueKind}.");
        }

        if (!root.TryGetProperty("schemaVersion", out var version))
        {
            throw new CloudFreqException($"{sourceName}: no schemaVersion; this is not a CloudFreq report.json.");
        }

        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number < 1)
        {
            throw new CloudFreqException($"{sourceName}: schemaVersion must be a positive integer, found {version.GetRawText()}.");
        }

        if (number > RunReport.CurrentSchemaVersion)
        {
            throw new CloudFreqException(
                $"{sourceName}: report schema version {number} is newer than this CloudFreq understands "
                + $"(up to {RunReport.CurrentSchemaVersion}); update CloudFreq to read it.");
        }
    }
}
