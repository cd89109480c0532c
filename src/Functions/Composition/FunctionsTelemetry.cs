using Azure.Monitor.OpenTelemetry.Exporter;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CloudFreq.Functions.Composition;

/// <summary>
/// The worker's traces and metrics (the workflow's activity source and meter, the Functions worker's own
/// spans) exported to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, and to an
/// OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is. Logs reach Application Insights through the
/// Functions host either way.
/// </summary>
public static class FunctionsTelemetry
{
    public const string ApplicationInsightsKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void Add(IConfiguration configuration, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var version = typeof(FunctionsTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("cloudfreq-functions", serviceVersion: version))
            .UseFunctionsWorkerDefaults()
            .WithTracing(t => t.AddSource(WorkflowTelemetry.Name))
            .WithMetrics(m => m.AddMeter(WorkflowTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(configuration[ApplicationInsightsKey]))
        {
            var connectionString = configuration[ApplicationInsightsKey];
            otel.UseAzureMonitorExporter(o => o.ConnectionString = connectionString);
        }

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            otel.UseOtlpExporter();
        }
    }
}
