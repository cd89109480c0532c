using System.Text.Json;

namespace CloudFreq.Core.Data.Shards;

/// <summary>Writes and reads <c>shards.json</c>; reading checks every field and names the one that is wrong.</summary>
internal static class ShardManifestJson
{
    public static byte[] Serialize(ShardManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", ShardManifest.FormatName);
            json.WriteNumber("version", manifest.Version);
            json.WriteString("sourceFormat", manifest.SourceFormat);
            json.WriteNumber("samples", manifest.Samples);
            json.WriteNumber("ignoredFiles", manifest.IgnoredFiles);
            json.WriteStartArray("classNames");
            foreach (var name in manifest.ClassNames)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteStartArray("shards");
            foreach (var shard in manifest.Shards)
            {
                json.WriteStartObject();
                json.WriteString("file", shard.File);
                json.WriteNumber("samples", shard.Samples);
                json.WriteNumber("bytes", shard.Bytes);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <exception cref="CloudFreqException">The file is unreadable, not JSON, or a field is missing or wrong.</exception>
    public static ShardManifest Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CloudFreqException($"{path}: cannot read the shard manifest: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new CloudFreqException($"{path}: the shard manifest is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, "the manifest", "must be a JSON object");
            }

            var format = String(root, "format", path);
            if (format != ShardManifest.FormatName)
            {
                throw Bad(path, "format", $"is '{format}', expected '{ShardManifest.FormatName}'");
            }

            var version = Integer(root, "version", path);
            if (version != ShardManifest.CurrentVersion)
            {
                throw Bad(path, "version", version > ShardManifest.CurrentVersion
                    ? $"is {version}: written by a newer CloudFreq (this one reads version {ShardManifest.CurrentVersion})"
                    : $"is {version}, expected {ShardManifest.CurrentVersion}");
            }

            var classNames = Array(root, "classNames", path)
                .Select((e, i) => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(path, $"classNames[{i}]", "must be a string"))
                .ToArray();
            if (classNames.Length == 0)
            {
                throw Bad(path, "classNames", "is empty");
            }

            var shards = Array(root, "shards", path).Select((e, i) => Shard(e, $"shards[{i}]", path)).ToArray();
            if (shards.Length == 0)
            {
                throw Bad(path, "shards", "is empty");
            }

            var duplicate = shards.GroupBy(s => s.File, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw Bad(path, "shards", $"lists '{duplicate.Key}' twice");
            }

            var samples = Integer(root, "samples", path);
            var sum = shards.Sum(s => (long)s.Samples);
            if (samples != sum)
            {
                throw Bad(path, "samples", $"is {samples} but the shards hold {sum}");
            }

            var ignored = Integer(root, "ignoredFiles", path);
            if (ignored < 0)
            {
                throw Bad(path, "ignoredFiles", $"is negative ({ignored})");
            }

            return new ShardManifest(version, String(root, "sourceFormat", path), samples, ignored, classNames, shards);
        }
    }

    private static ShardFile Shard(JsonElement element, string field, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, field, "must be an object with file, samples and bytes");
        }

        var file = String(element, "file", path, field);
        if (!file.EndsWith(".tar", StringComparison.Ordinal) || file.Contains('/', StringComparison.Ordinal)
            || file.Contains('\\', StringComparison.Ordinal) || file.StartsWith('.'))
        {
            throw Bad(path, field + ".file", $"'{file}' must be a .tar file name in the dataset folder");
        }

        var samples = Integer(element, "samples", path, field);
        if (samples < 1)
        {
            throw Bad(path, field + ".samples", $"must be at least 1, got {samples}");
        }

        long bytes;
        if (!element.TryGetProperty("bytes", out var size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out bytes) || bytes < 0)
        {
            throw Bad(path, field + ".bytes", "must be the shard's size in bytes");
        }

        return new ShardFile(file, samples, bytes);
    }

    private static string String(JsonElement parent, string name, string path, string? parentField = null) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Bad(path, Field(parentField, name), "must be a string");

    private static int Integer(JsonElement parent, string name, string path, string? parentField = null) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Bad(path, Field(parentField, name), "must be an integer");

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Bad(path, name, "must be an array");

    private static string Field(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    private static CloudFreqException Bad(string path, string field, string cause) => new($"{path}: {field} {cause}.");
}
