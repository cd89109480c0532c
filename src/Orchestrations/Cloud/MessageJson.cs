using System.Text.Json;
using CloudFreq.Core;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>The JSON conventions of queue messages: compact, camelCase.</summary>
internal static class MessageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static T Deserialize<T>(string body, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options) ?? throw new CloudFreqException($"{what}: empty.");
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"{what}: not valid JSON ({ex.Message}).", ex);
        }
    }
}
