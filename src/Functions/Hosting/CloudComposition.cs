using Azure.Core;
using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Functions.Hosting.SelfHost;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;
using DurableTask.AzureStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Hosting;

/// <summary>
/// The production composition of <c>cloudfreq serve</c>: the blob store over Azure Storage (a
/// connection string for Azurite and development, or account endpoints with a managed identity through
/// <c>DefaultAzureCredential</c>), the Durable Task hub over the same account, the runs API over its
/// client, the task hub worker with the workflow (worker roles) and the marker poller.
/// </summary>
public static class CloudComposition
{
    /// <summary>Optional: the client id of a user-assigned managed identity (as Azure.Identity names it).</summary>
    public const string ClientIdSetting = "AZURE_CLIENT_ID";

    public static void Register(CloudHostContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var storage = context.RequireStorage();
        var clientId = context.Configuration[ClientIdSetting];
        var blobs = new AzureBlobStore(CreateClients(storage, clientId).Blobs);
        var settings = context.Workflow.ToSettings();
        var cacheDirectory = context.Workflow.ResolvedCacheDirectory;
        services.AddSingleton<IBlobStore>(blobs);
        services.AddSingleton(new RunBlobs(blobs));
        services.AddSingleton(settings);
        services.AddSingleton(context.Workflow);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            context.Durable.ToSettings(CreateClientProvider(storage, clientId), sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<IOrchestrationClient>(sp => new TaskHubOrchestrationClient(
            sp.GetRequiredService<AzureStorageOrchestrationService>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new DurableCloudRuns(
            sp.GetRequiredService<IOrchestrationClient>(),
            sp.GetRequiredService<RunBlobs>(),
            new RunInputStager(blobs, cacheDirectory),
            settings,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DurableCloudRuns>>()));
        services.AddSingleton<ICloudRuns>(sp => sp.GetRequiredService<DurableCloudRuns>());
        services.AddSingleton(sp => new MarkerTrigger(sp.GetRequiredService<DurableCloudRuns>(), blobs, sp.GetRequiredService<ILogger<MarkerTrigger>>()));
        services.AddSingleton(sp => new MarkerPoller(blobs, sp.GetRequiredService<MarkerTrigger>(), sp.GetRequiredService<ILogger<MarkerPoller>>()));
        services.AddSingleton<WorkItemExecutorPool>(_ => new WorkItemExecutorPool(new ExecutionSettings { Scoring = context.WorkerOptions.ToScoringOptions() }));
        services.TryAddSingleton<IWorkItemRunner>(sp => sp.GetRequiredService<WorkItemExecutorPool>());
        services.AddSingleton(sp => new PreparedRunLeases(
            new RunInputStager(blobs, cacheDirectory),
            new RunPreparer(new DatasetOpener(Path.Combine(cacheDirectory, "gzip")), new ModelCardResolver(), new AnalysisCatalog(), new SessionFactory(context.WorkerOptions.ToScoringOptions())),
            new RunPlanner()));
        services.AddSingleton(sp => new WorkflowServices(
            sp.GetRequiredService<RunBlobs>(),
            sp.GetRequiredService<PreparedRunLeases>(),
            new ItemShardStager(blobs),
            sp.GetRequiredService<IWorkItemRunner>(),
            new RunSummarizer(LocalRun.Tool),
            new ReportPublisher(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        services.AddHostedService(sp => new TaskHubHostService(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            context.Durable.HubName,
            context.Settings,
            sp.GetRequiredService<WorkflowServices>,
            sp.GetRequiredService<ILoggerFactory>()));
        if (context.Settings.MarkerPoller)
        {
            services.AddHostedService<MarkerPollerService>();
        }
    }

    /// <summary>The task hub's storage: the same account as the blobs, by connection string or by identity.</summary>
    public static StorageAccountClientProvider CreateClientProvider(StorageConnection storage, string? clientId = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.ConnectionString is { } connectionString
            ? new StorageAccountClientProvider(connectionString)
            : new StorageAccountClientProvider(storage.BlobEndpoint!, storage.QueueEndpoint!, storage.TableEndpoint!, credential ?? AzureStorageClients.DefaultCredential(clientId));
    }

    /// <summary>The storage clients: from the connection string, or from endpoints with a token credential (no keys).</summary>
    public static AzureStorageClients CreateClients(StorageConnection storage, string? clientId = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(storage);

        // Short client retries: the workflow's own retry policy (and Durable Task's redelivery) handles longer outages.
        void Retries(Azure.Core.ClientOptions options)
        {
            options.Retry.MaxRetries = 3;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
            options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        }

        if (storage.ConnectionString is { } connectionString)
        {
            try
            {
                return AzureStorageClients.FromConnectionString(connectionString, Retries);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new CloudFreqException($"storage: not a valid Azure Storage connection string ({ex.Message}).", ex);
            }
        }

        return AzureStorageClients.FromEndpoints(
                storage.BlobEndpoint!, storage.QueueEndpoint!, storage.TableEndpoint!,
                credential ?? AzureStorageClients.DefaultCredential(clientId), Retries);
    }
}
