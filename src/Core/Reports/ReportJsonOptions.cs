using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace CloudFreq.Core.Reports;

/// <summary>The one set of serializer options that report.json is written and read with.</summary>
internal static class ReportJsonOptions
{
    /// <summary>Fresh options and metadata (callers keep the result; nothing is shared statically).</summary>
    public static JsonTypeInfo<RunReport> CreateTypeInfo()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",

            // Keep non-ASCII class names readable; HTML-sensitive characters stay escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),

            // A report that lacks a field or holds null where the contract has none is malformed.
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            Converters =
            {
                new FiniteDoubleJsonConverter(),
                new TensorLayoutJsonConverter(),
                new ImageShapeJsonConverter(),
                new CardSourceJsonConverter(),
            },
        };
        var context = new ReportJsonContext(options);
        return context.RunReport;
    }
}
