using System.Text.Json.Serialization;
using CloudFreq.Cli.Serve.Observability;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Api;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve;

/// <summary>
/// The composition root of <c>cloudfreq serve</c>: an ASP.NET Core host with the runs API (role
/// <c>api</c>), the self-hosted Durable Task worker (role <c>worker</c>), or both (<c>all</c>).
/// <see cref="ICloudRuns"/>, the task hub and the workflow come from <c>compose</c>
/// (<see cref="ServeComposition.Register"/> in production, fakes in tests).
/// </summary>
public static class CloudHost
{
    public const string HealthPath = "/api/health";

    /// <summary>How long the host waits at shutdown for running items (a TimeSpan); below the container's grace period.</summary>
    public const string ShutdownTimeoutKey = "CLOUDFREQ_SHUTDOWN_TIMEOUT";

    /// <summary>Builds the host; throws <see cref="CloudFreqException"/> naming the setting when a setting is invalid.</summary>
    public static WebApplication Build(CloudHostSettings settings, Action<CloudHostContext, IServiceCollection> compose, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(compose);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. settings.Args],
            EnvironmentName = settings.EnvironmentName,
        });
        AddHostJson(builder.Configuration, settings.HostJsonPath);
        configureBuilder?.Invoke(builder);

        var configuration = builder.Configuration;
        var durable = new SelfHost.DurableHostOptions();
        configuration.GetSection(SelfHost.DurableHostOptions.SectionName).Bind(durable);
        var workflow = new WorkflowHostOptions();
        configuration.GetSection(WorkflowHostOptions.SectionName).Bind(workflow);
        durable.Validate();
        workflow.ToSettings();
        var workerOptions = new WorkerHostOptions();
        configuration.GetSection(WorkerHostOptions.SectionName).Bind(workerOptions);
        workerOptions.ToScoringOptions();
        var storage = StorageConnection.Resolve(settings.Storage, key => configuration[key]);
        var context = new CloudHostContext(settings, configuration, builder.Environment, durable, workflow, workerOptions, storage);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = configuration.GetValue(ShutdownTimeoutKey, TimeSpan.FromSeconds(30)));
        builder.Services.AddSingleton(settings);
        
        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(new RunsApiOptions { MaxRequestBodyBytes = settings.MaxRequestBodyBytes });
        builder.Services.AddSingleton(new ApiKeySettings(configuration[ApiKeySettings.SettingName]));
        if (storage is not null)
        {
            builder.Services.AddSingleton(storage);
        }

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        builder.AddCloudFreqTelemetry();

        compose(context, builder.Services);

        if (settings.Role.HasFlag(CloudHostRole.Api) && !builder.Services.Any(d => d.ServiceType == typeof(ICloudRuns)))
        {
            throw new CloudFreqException("the api role needs an ICloudRuns registration (the composition registered none).");
        }

        var app = builder.Build();
        app.UseMiddleware<ProblemExceptionMiddleware>();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapGet(HealthPath, (CloudHostSettings s) => TypedResults.Ok(new HealthBody("healthy", s.Role.Name())));
        if (settings.Role.HasFlag(CloudHostRole.Api))
        {
            app.MapRunsApi();
        }

        app.Logger.LogInformation("CloudFreq host: role {Role}, environment {Environment}, storage {Storage}, API key {ApiKey}",
            settings.Role, app.Environment.EnvironmentName, storage?.ToString() ?? "(none)",
            app.Services.GetRequiredService<ApiKeySettings>().IsConfigured ? "configured" : "not configured (loopback in Development only)");
        return app;
    }

    /// <summary>host.json goes first among the sources, so environment variables and arguments override it.</summary>
    private static void AddHostJson(ConfigurationManager configuration, string? explicitPath)
    {
        var path = explicitPath is not null
            ? Path.GetFullPath(explicitPath)
            : new[] { Path.Combine(AppContext.BaseDirectory, "host.json"), Path.Combine(Directory.GetCurrentDirectory(), "host.json") }.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new CloudFreqException($"host.json not found at {path}.");
        }

        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);
    }

    private sealed record HealthBody(string Status, string Role);
}
