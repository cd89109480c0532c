using System.Text.Json;
using System.Text.Json.Serialization;
using CloudFreq.Core;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>A message of the items queue: <c>{"runId":"...","itemId":"..."}</c>.</summary>
public sealed record ItemMessage(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("itemId")] string ItemId)
{
    public string ToJson() => JsonSerializer.Serialize(this, MessageJson.Options);

    /// <exception cref="CloudFreqException">The body is not an item message.</exception>
    public static ItemMessage Parse(string body)
    {
        var message = MessageJson.Deserialize<ItemMessage>(body, "item message");
        if (string.IsNullOrEmpty(message.RunId) || string.IsNullOrEmpty(message.ItemId))
        {
            throw new CloudFreqException($"item message: expected a runId and an itemId, got {ControlMessage.Truncate(body)}.");
        }

        return message;
    }
}
