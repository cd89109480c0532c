using Azure.Core;
using Azure.Data.Tables;
using CloudFreq.Cli.Serve;
using CloudFreq.Orchestrations.Hosting;

namespace CloudFreq.Infra.Tests;

/// <summary>
/// The deployed host's storage path: clients built from endpoint settings plus a token credential,
/// without a connection string or an account key. A fake credential records the token requests; the
/// endpoints are a closed loopback port, so nothing leaves the machine.
/// </summary>
public class IdentityClientsTests
{
    private const string StorageScope = "https://storage.azure.com/.default";

    [Fact]
    public void Resolve_EndpointSettings_GiveAnIdentityConnection()
    {
        var settings = new Dictionary<string, string>
        {
            [StorageConnection.BlobEndpointKey] = "https://acct.blob.core.windows.net/",
            [StorageConnection.QueueEndpointKey] = "https://acct.queue.core.windows.net/",
            [StorageConnection.TableEndpointKey] = "https://acct.table.core.windows.net/",
        };

        var storage = StorageConnection.Resolve(null, key => settings.GetValueOrDefault(key))!;

        Assert.True(storage.UsesIdentity);
        Assert.Null(storage.ConnectionString);
        Assert.Equal(new Uri("https://acct.queue.core.windows.net/"), storage.QueueEndpoint);
    }

    [Fact]
    public async Task CreateClients_EndpointsAndCredential_UseTheEndpointsAndAskTheCredentialForStorageTokens()
    {
        var port = RecordingCredential.ClosedLoopbackPort();
        var blob = new Uri($"https://127.0.0.1:{port}/blobacct");
        var queue = new Uri($"https://127.0.0.1:{port}/queueacct");
        var table = new Uri($"https://127.0.0.1:{port}/tableacct");
        var credential = new RecordingCredential();

        var clients = StorageClientFactory.Create(StorageConnection.FromEndpoints(blob, queue, table), credential: credential);

        Assert.Equal(blob, clients.Blobs.Uri);
        Assert.Equal(queue, clients.Queues.Uri);
        Assert.Equal(table, clients.Tables.Uri);
        Assert.False(clients.Blobs.CanGenerateAccountSasUri); // no shared key inside
        Assert.False(clients.Queues.CanGenerateAccountSasUri);
        Assert.Empty(credential.Scopes);

        // A request against each service first asks the credential for a bearer token, then fails to connect.
        await Assert.ThrowsAnyAsync<Exception>(() => clients.Blobs.GetBlobContainerClient("datasets").ExistsAsync());
        var afterBlob = credential.Scopes.Count;
        await Assert.ThrowsAnyAsync<Exception>(() => clients.Queues.GetQueueClient("cloudfreq-items").ExistsAsync());
        var afterQueue = credential.Scopes.Count;
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var unused in clients.Tables.GetTableClient("cloudfreqruns").QueryAsync<TableEntity>(maxPerPage: 1))
            {
            }
        });

        Assert.True(afterBlob > 0, "the blob client asked for no token");
        Assert.True(afterQueue > afterBlob, "the queue client asked for no token");
        Assert.True(credential.Scopes.Count > afterQueue, "the table client asked for no token");
        Assert.All(credential.Scopes, scope => Assert.Equal(StorageScope, scope));
    }

    [Fact]
    public void CreateClients_ConnectionString_StaysTheAzuritePath()
    {
        var clients = StorageClientFactory.Create(StorageConnection.FromConnectionString("UseDevelopmentStorage=true"));

        Assert.Equal("devstoreaccount1", clients.Blobs.AccountName);
        Assert.True(clients.Blobs.CanGenerateAccountSasUri); // the shared key of the connection string
    }
}
