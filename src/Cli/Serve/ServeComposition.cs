using Azure.Core;
using CloudFreq.Cli.Serve.SelfHost;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;
using DurableTask.AzureStorage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve;

/// <summary>
/// The production composition of <c>cloudfreq serve</c>: the workflow's services over Azure Storage
/// (<see cref="WorkflowComposition"/>, shared with the Functions app), the self-hosted Durable Task hub over
/// the same account (a connection string for Azurite and development, or account endpoints with a managed
/// identity), the runs API over its client, the task hub worker (worker roles) and the marker poller.
/// </summary>
public static class ServeComposition
{
    public static void Register(CloudHostContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var storage = context.RequireStorage();
        var clientId = context.Configuration[StorageClientFactory.ClientIdSetting];
        var blobs = new AzureBlobStore(StorageClientFactory.Create(storage, clientId).Blobs);
        services.AddCloudFreqWorkflow(blobs, context.Workflow, context.WorkerOptions);
        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            context.Durable.ToSettings(CreateClientProvider(storage, clientId), sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<IOrchestrationClient>(sp => new TaskHubOrchestrationClient(
            sp.GetRequiredService<AzureStorageOrchestrationService>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<CloudRunsFactory>().CreateRuns(sp.GetRequiredService<IOrchestrationClient>()));
        services.AddSingleton<ICloudRuns>(sp => sp.GetRequiredService<DurableCloudRuns>());
        services.AddSingleton(sp => sp.GetRequiredService<CloudRunsFactory>().CreateMarkerTrigger(sp.GetRequiredService<IOrchestrationClient>()));
        services.AddSingleton(sp => new MarkerPoller(blobs, sp.GetRequiredService<MarkerTrigger>(), sp.GetRequiredService<ILogger<MarkerPoller>>()));
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
}
