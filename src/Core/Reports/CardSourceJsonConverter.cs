using System.Text.Json;
using System.Text.Json.Serialization;
using CloudFreq.Core.Models;

namespace CloudFreq.Core.Reports;

/// <summary>Card sources as camelCase strings (<c>commandLine</c>, <c>sidecar</c>, ...), like every other name in report.json.</summary>
internal sealed class CardSourceJsonConverter() : JsonStringEnumConverter<CardSource>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
