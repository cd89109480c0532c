using Azure.Core;
using Azure.Storage.Blobs;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// Opens the blob store a <c>--storage</c> value names: <c>file:PATH</c> (or an existing folder) is a
/// local folder store; an <c>https://ACCOUNT.blob.core.windows.net</c> endpoint is the account reached
/// with an Azure identity (DefaultAzureCredential: <c>az login</c>, a managed identity, environment
/// credentials; <c>AZURE_CLIENT_ID</c> picks a user-assigned identity), which is how a deployed
/// account with shared keys off is written to; anything else is an Azure Storage connection string
/// (<c>UseDevelopmentStorage=true</c> for Azurite). All are served by <see cref="AzureBlobStore"/> or
/// <see cref="LocalFolderBlobStore"/>.
/// </summary>
internal static class BlobStores
{
    public static IBlobStore Open(string storage) => Open(storage, () => AzureStorageClients.DefaultCredential(Environment.GetEnvironmentVariable("AZURE_CLIENT_ID")));

    /// <param name="credential">The token credential for an endpoint value (called only for one).</param>
    public static IBlobStore Open(string storage, Func<TokenCredential> credential, BlobClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (storage.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = storage["file:".Length..];
            return new LocalFolderBlobStore(path.StartsWith("//", StringComparison.Ordinal) ? new Uri(storage).LocalPath : path);
        }

        if (Directory.Exists(storage))
        {
            return new LocalFolderBlobStore(storage);
        }

        if (Uri.TryCreate(storage, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "https" or "http")
        {
            if (endpoint.Scheme == "http")
            {
                // The SDK refuses bearer tokens over plain HTTP; say so before any request does.
                throw new CloudFreqException($"--storage: '{storage}' is plain http; an identity needs an https endpoint (use a connection string for Azurite).");
            }

            return new AzureBlobStore(new BlobServiceClient(endpoint, credential(), options ?? new BlobClientOptions()));
        }

        try
        {
            return new AzureBlobStore(AzureStorageClients.FromConnectionString(storage).Blobs);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new CloudFreqException($"--storage: not a folder, not an https blob endpoint and not an Azure Storage connection string ({ex.Message}).", ex);
        }
    }
}
