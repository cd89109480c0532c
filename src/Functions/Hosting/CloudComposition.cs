using Azure.Core;
using CloudFreq.Core;
using CloudFreq.Functions.Workers;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Hosting;

/// <summary>
/// The production composition of <c>cloudfreq serve</c>: the Azure Storage adapters (a connection
/// string for Azurite and development, or account endpoints with a managed identity through
/// <c>DefaultAzureCredential</c>), the workflow, its queue handlers and the periodic sweep.
/// </summary>
public static class CloudComposition
{
    /// <summary>Optional: the client id of a user-assigned managed identity (as Azure.Identity names it).</summary>
    public const string ClientIdSetting = "AZURE_CLIENT_ID";

    public static void Register(CloudHostContext context, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var ports = AzureCloudPorts.Create(CreateClients(context.RequireStorage(), context.Configuration[ClientIdSetting]));
        services.AddSingleton(ports);
        services.AddSingleton(sp => new CloudWorkflow(
            ports,
            context.CloudOptions,
            new ExecutionSettings { Scoring = context.WorkerOptions.ToScoringOptions() },
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ICloudRuns>(sp => sp.GetRequiredService<CloudWorkflow>().Runs);
        services.AddQueueListener(sp => sp.GetRequiredService<CloudWorkflow>().Trigger);
        services.AddQueueListener(sp => sp.GetRequiredService<CloudWorkflow>().Control);
        services.AddQueueListener(sp => sp.GetRequiredService<CloudWorkflow>().Items);
        services.AddSweepJobs(sp =>
        {
            var workflow = sp.GetRequiredService<CloudWorkflow>();
            return new SweepJobs(workflow.Sweeper.RunOnceAsync, workflow.Poller.RunOnceAsync);
        });
    }

    /// <summary>The storage clients: from the connection string, or from endpoints with a token credential (no keys).</summary>
    public static AzureStorageClients CreateClients(StorageConnection storage, string? clientId = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(storage);

        // Short retries: a storage blip (Azurite restarted, a throttled request) is retried by the
        // listener's next poll and the message's visibility timeout, not by a long client back-off.
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
