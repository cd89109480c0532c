using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// A blob-created notification of the trigger queue. Reads the Event Grid schema and the CloudEvents
/// schema (an object, or an array of them; optionally base64-encoded, as Event Grid writes to storage
/// queues): the blob name comes from <c>subject</c>
/// (<c>/blobServices/default/containers/datasets/blobs/NAME/run.json</c>) or else from <c>data.url</c>.
/// The local poller writes the same Event Grid shape (<see cref="ToJson"/>).
/// </summary>
public sealed record BlobCreatedEvent(string BlobName, string? Url = null)
{
    public const string EventType = "Microsoft.Storage.BlobCreated";
    private const string SubjectPrefix = "/blobServices/default/containers/";
    private static readonly string[] KnownContainers =
        [CloudNames.DatasetsContainer, CloudNames.ModelsContainer, CloudNames.ResultsContainer, CloudNames.ReportsContainer, CloudNames.SuitesContainer];

    /// <summary>An Event Grid schema event for <see cref="BlobName"/> (container-first name).</summary>
    public string ToJson(DateTimeOffset eventTime)
    {
        var slash = BlobName.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? BlobName : BlobName[..slash];
        var blob = slash < 0 ? string.Empty : BlobName[(slash + 1)..];
        var node = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "cloudfreq/local",
            ["subject"] = $"{SubjectPrefix}{container}/blobs/{blob}",
            ["eventType"] = EventType,
            ["eventTime"] = eventTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["dataVersion"] = "1",
            ["data"] = new JsonObject { ["api"] = "PutBlob", ["url"] = Url ?? "blob:///" + BlobName },
        };
        return node.ToJsonString();
    }

    /// <summary>The events of a trigger message (usually one).</summary>
    /// <exception cref="CloudFreqException">The body is neither an Event Grid nor a CloudEvents blob event.</exception>
    public static IReadOnlyList<BlobCreatedEvent> Parse(string body)
    {
        var text = body.Trim();
        if (text.Length > 0 && text[0] is not ('{' or '['))
        {
            text = TryBase64(text) ?? throw new CloudFreqException($"trigger message: not JSON: {(body.Length > 80 ? body[..80] + "..." : body)}");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"trigger message: not valid JSON ({ex.Message}).", ex);
        }

        var events = root switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => throw new CloudFreqException("trigger message: expected an event object or an array of events."),
        };
        var result = new List<BlobCreatedEvent>();
        foreach (var ev in events)
        {
            var type = (ev["eventType"] ?? ev["type"])?.GetValue<string>();
            if (type is not null && type != EventType)
            {
                continue;
            }

            var url = ev["data"]?["url"]?.GetValue<string>();
            var name = FromSubject(ev["subject"]?.GetValue<string>()) ?? FromUrl(url)
                ?? throw new CloudFreqException("trigger message: the event names no blob (no subject or data.url).");
            result.Add(new BlobCreatedEvent(name, url));
        }

        return result;
    }

    private static string? FromSubject(string? subject)
    {
        if (subject is null || !subject.StartsWith(SubjectPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = subject[SubjectPrefix.Length..];
        var marker = rest.IndexOf("/blobs/", StringComparison.Ordinal);
        return marker <= 0 ? null : rest[..marker] + "/" + rest[(marker + "/blobs/".Length)..];
    }

    // https://account.blob.core.windows.net/datasets/NAME/run.json, or Azurite's http://127.0.0.1:10000/devstoreaccount1/datasets/...
    private static string? FromUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = Uri.UnescapeDataString(uri.AbsolutePath).Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < Math.Min(2, segments.Length); i++)
        {
            if (KnownContainers.Contains(segments[i], StringComparer.Ordinal))
            {
                return string.Join('/', segments[i..]);
            }
        }

        return null;
    }

    private static string? TryBase64(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
