using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudFreq.Core.Reports;

/// <summary>
/// report.json never holds NaN or infinity (JSON has no such numbers and the contract says an
/// undefined value is null): non-finite doubles are written as null, and null read into a
/// non-nullable double (for example the images/s of a model that scored nothing) becomes NaN.
/// Serves <c>double?</c> too: the serializer writes null itself for a missing value and calls
/// this for a present one.
/// </summary>
internal sealed class FiniteDoubleJsonConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
