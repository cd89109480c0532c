using CloudFreq.Core;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// Opens the blob store a <c>--storage</c> value names: <c>file:PATH</c> (or an existing folder) is a
/// local folder store; anything else is an Azure Storage connection string (<c>UseDevelopmentStorage=true</c>
/// for Azurite), served by <see cref="AzureBlobStore"/>.
/// </summary>
internal static class BlobStores
{
    public static IBlobStore Open(string storage)
    {
        if (storage.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = storage["file:".Length..];
            return new LocalFolderBlobStore(path.StartsWith("//", StringComparison.Ordinal) ? new Uri(storage).LocalPath : path);
        }

        if (Directory.Exists(storage))
        {
            return new LocalFolderBlobStore(storage);
        }

        try
        {
            return new AzureBlobStore(AzureStorageClients.FromConnectionString(storage).Blobs);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new CloudFreqException($"--storage: not a folder and not an Azure Storage connection string ({ex.Message}).", ex);
        }
    }
}
