using System.Text.Json;
using System.Text.Json.Serialization;
using CloudFreq.Core;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>A message of the control queue: <c>{"kind":"plan","runId":"..."}</c> or <c>{"kind":"summarize","runId":"..."}</c>.</summary>
public sealed record ControlMessage(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("runId")] string RunId)
{
    public const string Plan = "plan";
    public const string Summarize = "summarize";

    public static ControlMessage ForPlan(string runId) => new(Plan, runId);

    public static ControlMessage ForSummarize(string runId) => new(Summarize, runId);

    public string ToJson() => JsonSerializer.Serialize(this, MessageJson.Options);

    /// <exception cref="CloudFreqException">The body is not a control message.</exception>
    public static ControlMessage Parse(string body)
    {
        var message = MessageJson.Deserialize<ControlMessage>(body, "control message");
        if (message.Kind is not (Plan or Summarize) || string.IsNullOrEmpty(message.RunId))
        {
            throw new CloudFreqException($"control message: expected kind 'plan' or 'summarize' and a runId, got {Truncate(body)}.");
        }

        return message;
    }

    internal static string Truncate(string body) => body.Length <= 200 ? body : body[..200] + "...";
}
