using System.Text.Json;
using System.Text.Json.Serialization;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Reports;

/// <summary>
/// An image shape as <c>{"channels": 3, "height": 224, "width": 224}</c>: named fields rather than
/// a "3x224x224" string so that consumers need no parsing, and without the derived length.
/// </summary>
internal sealed class ImageShapeJsonConverter : JsonConverter<ImageShape>
{
    public override ImageShape Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An image shape must be an object {\"channels\", \"height\", \"width\"}.");
        }

        int? channels = null, height = null, width = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "channels":
                    channels = reader.GetInt32();
                    break;
                case "height":
                    height = reader.GetInt32();
                    break;
                case "width":
                    width = reader.GetInt32();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return channels is { } c && height is { } h && width is { } w
            ? new ImageShape(c, h, w)
            : throw new JsonException("An image shape needs \"channels\", \"height\" and \"width\".");
    }

    public override void Write(Utf8JsonWriter writer, ImageShape value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("channels", value.Channels);
        writer.WriteNumber("height", value.Height);
        writer.WriteNumber("width", value.Width);
        writer.WriteEndObject();
    }
}
