using Azure.Core;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Adapters.Azure;

namespace CloudFreq.Orchestrations.Hosting;

/// <summary>The storage clients both hosts use: from a connection string, or from endpoints with a token credential (no keys).</summary>
public static class StorageClientFactory
{
    /// <summary>Optional: the client id of a user-assigned managed identity (as Azure.Identity names it).</summary>
    public const string ClientIdSetting = "AZURE_CLIENT_ID";

    public static AzureStorageClients Create(StorageConnection storage, string? clientId = null, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(storage);

        // Short client retries: the workflow's own retry policy (and Durable Task's redelivery) handles longer outages.
        static void Retries(ClientOptions options)
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
