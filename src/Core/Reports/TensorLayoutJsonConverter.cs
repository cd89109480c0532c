using System.Text.Json;
using System.Text.Json.Serialization;
using CloudFreq.Core.Models;

namespace CloudFreq.Core.Reports;

/// <summary>Writes a layout as the usual upper-case name (<c>NCHW</c>, <c>NHWC</c>); reads either case.</summary>
internal sealed class TensorLayoutJsonConverter : JsonConverter<TensorLayout>
{
    public override TensorLayout Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text?.ToUpperInvariant() switch
        {
            "NCHW" => TensorLayout.Nchw,
            "NHWC" => TensorLayout.Nhwc,
            _ => throw new JsonException($"layout must be \"NCHW\" or \"NHWC\", got {(text is null ? reader.TokenType.ToString() : "\"" + text + "\"")}."),
        };
    }

    public override void Write(Utf8JsonWriter writer, TensorLayout value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value switch
        {
            TensorLayout.Nchw => "NCHW",
            TensorLayout.Nhwc => "NHWC",
            _ => throw new JsonException($"Unknown tensor layout {value}."),
        });
}
