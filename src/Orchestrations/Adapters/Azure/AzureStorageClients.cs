using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>
/// The three service clients of one storage account, built from a connection string (Azurite,
/// keys) or from endpoints and a token credential (managed identity: no connection string).
/// </summary>
public sealed class AzureStorageClients(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
{
    public BlobServiceClient Blobs { get; } = blobs ?? throw new ArgumentNullException(nameof(blobs));

    public QueueServiceClient Queues { get; } = queues ?? throw new ArgumentNullException(nameof(queues));

    public TableServiceClient Tables { get; } = tables ?? throw new ArgumentNullException(nameof(tables));

    /// <summary>Queue clients send and receive message text as it is (<see cref="QueueMessageEncoding.None"/>).</summary>
    public static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.None };

    /// <summary>Clients over a connection string (the Azurite one included).</summary>
    /// <param name="configure">Adjusts each client's options (retries, diagnostics, transport); applied to all three.</param>
    public static AzureStorageClients FromConnectionString(string connectionString, Action<ClientOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new AzureStorageClients(
            new BlobServiceClient(connectionString, Configure(new BlobClientOptions(), configure)),
            new QueueServiceClient(connectionString, Configure(QueueOptions(), configure)),
            new TableServiceClient(connectionString, Configure(new TableClientOptions(), configure)));
    }

    /// <summary>Clients over service endpoints with a token credential (no keys, no connection string).</summary>
    /// <param name="configure">Adjusts each client's options (retries, diagnostics, transport); applied to all three.</param>
    public static AzureStorageClients FromEndpoints(
        Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, TokenCredential credential, Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(blobServiceUri);
        ArgumentNullException.ThrowIfNull(queueServiceUri);
        ArgumentNullException.ThrowIfNull(tableServiceUri);
        ArgumentNullException.ThrowIfNull(credential);
        return new AzureStorageClients(
            new BlobServiceClient(blobServiceUri, credential, Configure(new BlobClientOptions(), configure)),
            new QueueServiceClient(queueServiceUri, credential, Configure(QueueOptions(), configure)),
            new TableServiceClient(tableServiceUri, credential, Configure(new TableClientOptions(), configure)));
    }

    /// <summary>
    /// Clients from <paramref name="options"/>: its connection string when set, otherwise its
    /// endpoints with <paramref name="credential"/> (default: a <see cref="DefaultAzureCredential"/>,
    /// with <see cref="AzureStorageOptions.ClientId"/> as the managed identity when given).
    /// </summary>
    public static AzureStorageClients Create(AzureStorageOptions options, TokenCredential? credential = null, Action<ClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UsesConnectionString)
        {
            return FromConnectionString(options.ConnectionString!, configure);
        }

        var (blob, queue, table) = options.ResolveEndpoints();
        credential ??= DefaultCredential(options.ClientId);
        return FromEndpoints(blob, queue, table, credential, configure);
    }

    /// <summary>The credential used when none is given: DefaultAzureCredential, pinned to a user-assigned identity when <paramref name="clientId"/> is set.</summary>
    public static TokenCredential DefaultCredential(string? clientId = null) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });

    private static T Configure<T>(T options, Action<ClientOptions>? configure)
        where T : ClientOptions
    {
        configure?.Invoke(options);
        return options;
    }
}
