using CloudFreq.Cli.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CloudFreq.Cli.Serve.Observability;

/// <summary>Logs (console, JSON on request), OpenTelemetry traces and metrics, OTLP export when configured.</summary>
internal static class TelemetrySetup
{
    /// <summary><c>CLOUDFREQ_LOG_FORMAT=json</c> switches the console to one JSON object per line.</summary>
    public const string LogFormatKey = "CLOUDFREQ_LOG_FORMAT";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddCloudFreqTelemetry(this WebApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration[LogFormatKey], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var version = typeof(TelemetrySetup).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("cloudfreq", serviceVersion: version))
            .WithTracing(t => t
                .AddSource(Orchestrations.Cloud.WorkflowTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(CloudHost.HealthPath)))
            .WithMetrics(m => m
                .AddMeter(Orchestrations.Cloud.WorkflowTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            otel.UseOtlpExporter();
        }
    }
}
