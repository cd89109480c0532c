using System.Text.Json;

namespace CloudFreq.Core.Data.Shards;

/// <summary>
/// Writes and reads <c>shards.json</c> (versions 1 and 2); reading checks every field and names the one
/// that is wrong. Version 2 is written without indentation: it lists every image, and every worker reads it.
/// </summary>
internal static class ShardManifestJson
{
    public static byte[] Serialize(ShardManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = !manifest.ListsImages }))
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
            if (manifest.FirstImageSize is { } size)
            {
                json.WriteStartObject("firstImageSize");
                json.WriteNumber("height", size.Height);
                json.WriteNumber("width", size.Width);
                json.WriteEndObject();
            }

            json.WriteStartArray("shards");
            foreach (var shard in manifest.Shards)
            {
                json.WriteStartObject();
                json.WriteString("file", shard.File);
                json.WriteNumber("samples", shard.Samples);
                json.WriteNumber("bytes", shard.Bytes);
                if (manifest.ListsImages)
                {
                    WriteImages(json, shard);
                }

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
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CloudFreqException($"{path}: cannot read the shard manifest: {e.Message}", e);
        }

        return Parse(bytes, path);
    }

    /// <exception cref="CloudFreqException">The bytes are not JSON, or a field is missing or wrong.</exception>
    public static ShardManifest Parse(byte[] bytes, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
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
            if (version is < 1 or > ShardManifest.CurrentVersion)
            {
                throw Bad(path, "version", version > ShardManifest.CurrentVersion
                    ? $"is {version}: written by a newer CloudFreq (this one reads versions 1 to {ShardManifest.CurrentVersion})"
                    : $"is {version}, expected 1 to {ShardManifest.CurrentVersion}");
            }

            var classNames = Array(root, "classNames", path)
                .Select((e, i) => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(path, $"classNames[{i}]", "must be a string"))
                .ToArray();
            if (classNames.Length == 0)
            {
                throw Bad(path, "classNames", "is empty");
            }

            var listsImages = version >= 2;
            var shards = Array(root, "shards", path).Select((e, i) => Shard(e, $"shards[{i}]", path, listsImages)).ToArray();
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

            var firstImageSize = listsImages && root.TryGetProperty("firstImageSize", out var sizeElement) ? Size(sizeElement, path) : (ImageSize?)null;
            return new ShardManifest(version, String(root, "sourceFormat", path), samples, ignored, classNames, shards, firstImageSize);
        }
    }

    private static void WriteImages(Utf8JsonWriter json, ShardFile shard)
    {
        json.WriteString("sha256", shard.Sha256 ?? throw new ArgumentException($"{shard.File}: a version 2 manifest needs each shard's SHA-256."));
        json.WriteStartArray("images");
        foreach (var image in shard.Images ?? throw new ArgumentException($"{shard.File}: a version 2 manifest lists each shard's images."))
        {
            json.WriteStartObject();
            json.WriteString("id", image.Id);
            json.WriteNumber("label", image.Label);
            json.WriteNumber("offset", image.Offset);
            json.WriteNumber("length", image.Length);
            json.WriteString("ext", image.Extension);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static ImageSize Size(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "firstImageSize", "must be an object with height and width");
        }

        var height = Integer(element, "height", path, "firstImageSize");
        var width = Integer(element, "width", path, "firstImageSize");
        return height > 0 && width > 0 ? new ImageSize(height, width) : throw Bad(path, "firstImageSize", $"must be positive, got {height} x {width}");
    }

    private static ShardImage Image(JsonElement element, string field, string path, long shardBytes)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, field, "must be an object with id, label, offset, length and ext");
        }

        var id = String(element, "id", path, field);
        var label = Integer(element, "label", path, field);
        if (label < 0)
        {
            throw Bad(path, field + ".label", $"must not be negative, got {label}");
        }

        var offset = Long(element, "offset", path, field);
        var length = Long(element, "length", path, field);
        if (offset < 0 || length < 0 || offset + length > shardBytes)
        {
            throw Bad(path, field, $"offset {offset} and length {length} are not a range inside the shard's {shardBytes} bytes");
        }

        var extension = String(element, "ext", path, field);
        if (extension.Length == 0 || !extension.All(char.IsAsciiLetterOrDigit))
        {
            throw Bad(path, field + ".ext", $"'{extension}' must be letters and digits");
        }

        return new ShardImage(id, label, offset, length, extension);
    }

    private static ShardFile Shard(JsonElement element, string field, string path, bool listsImages)
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

        if (!listsImages)
        {
            return new ShardFile(file, samples, bytes);
        }

        var sha256 = String(element, "sha256", path, field);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw Bad(path, field + ".sha256", $"'{sha256}' must be 64 lower-case hex digits");
        }

        if (!element.TryGetProperty("images", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw Bad(path, field + ".images", "must be an array");
        }

        var images = list.EnumerateArray().Select((e, i) => Image(e, $"{field}.images[{i}]", path, bytes)).ToArray();
        if (images.Length != samples)
        {
            throw Bad(path, field + ".images", $"lists {images.Length} images but samples is {samples}");
        }

        return new ShardFile(file, samples, bytes, sha256, images);
    }

    private static string String(JsonElement parent, string name, string path, string? parentField = null) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Bad(path, Field(parentField, name), "must be a string");

    private static int Integer(JsonElement parent, string name, string path, string? parentField = null) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Bad(path, Field(parentField, name), "must be an integer");

    private static long Long(JsonElement parent, string name, string path, string parentField) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw Bad(path, Field(parentField, name), "must be an integer");

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Bad(path, name, "must be an array");

    private static string Field(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    private static CloudFreqException Bad(string path, string field, string cause) => new($"{path}: {field} {cause}.");
}
