using CloudFreq.Core;
using CloudFreq.Functions.Composition;
using CloudFreq.Functions.Http;
using CloudFreq.Functions.Triggers;
using CloudFreq.Functions.Workflow;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CloudFreq.Functions.Tests.Composition;

/// <summary>The app's composition: every function class can be made from it, and bad settings stop the app at start with their name.</summary>
public sealed class FunctionsCompositionTests
{
    [Fact]
    public void EveryFunctionClass_ResolvesFromTheComposition()
    {
        using var services = Compose(("AzureWebJobsStorage", "UseDevelopmentStorage=true"));
        Assert.NotNull(ActivatorUtilities.CreateInstance<RunsHttpFunctions>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<UploadTrigger>(services));
        Assert.NotNull(ActivatorUtilities.CreateInstance<ActivityTriggers>(services));
        Assert.IsAssignableFrom<IBlobStore>(services.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public void AppSettings_OverrideHostJson()
    {
        using var services = Compose(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("cloudfreq:workflow:window", "7"));
        var settings = services.GetRequiredService<WorkflowSettings>();

        // host.json (copied beside the app) says 16.
        Assert.Equal(7, settings.Window);
    }

    [Theory]
    [InlineData("cloudfreq:batchSize", "0", "cloudfreq:batchSize")]
    [InlineData("cloudfreq:workflow:window", "0", "cloudfreq:workflow:window")]
    [InlineData("cloudfreq:executionProvider", "tpu", "tpu")]
    public void BadSetting_StopsTheAppAtStart_NamingIt(string key, string value, string named)
    {
        var error = Assert.Throws<CloudFreqException>(() => Compose(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), (key, value)));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Telemetry_WithApplicationInsightsAndOtlp_BuildsItsProviders()
    {
        using var services = Compose(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"));
        Assert.NotNull(services.GetRequiredService<OpenTelemetry.Trace.TracerProvider>());
        Assert.NotNull(services.GetRequiredService<OpenTelemetry.Metrics.MeterProvider>());
    }

    [Fact]
    public void NoStorage_StopsTheAppAtStart_NamingAzureWebJobsStorage()
    {
        var error = Assert.Throws<CloudFreqException>(() => Compose());
        Assert.Contains("AzureWebJobsStorage", error.Message);
    }

    private static ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        var services = new ServiceCollection().AddLogging();
        FunctionsComposition.Register(configuration, services);
        return services.BuildServiceProvider();
    }
}
