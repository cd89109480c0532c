using System.Text.Json.Serialization;

namespace CloudFreq.Core.Reports;

/// <summary>Source-generated serialization metadata of report.json; options come from <see cref="ReportJsonOptions"/>.</summary>
[JsonSerializable(typeof(RunReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
