using Microsoft.DurableTask.Converters;

namespace CloudFreq.Cli.Serve.SelfHost;

/// <summary>
/// DurableTask.Core's data converter over <c>Microsoft.DurableTask</c>'s <see cref="JsonDataConverter"/>:
/// the client serializes orchestration inputs and event payloads exactly as the worker's shims read
/// them (DurableTask.Core's own default is Newtonsoft, whose output the shims would misread).
/// </summary>
public sealed class SystemTextJsonDataConverter : DurableTask.Core.Serializing.DataConverter
{
    public static SystemTextJsonDataConverter Instance { get; } = new();

    public override string Serialize(object value) => JsonDataConverter.Default.Serialize(value)!;

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => JsonDataConverter.Default.Deserialize(data, objectType)!;
}
