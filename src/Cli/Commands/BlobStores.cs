using CloudFreq.Core;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Cli.Commands;

/// <summary>
/// Opens the blob store a <c>--storage</c> value names: <c>file:PATH</c> (or an existing folder) is a
/// local folder store; anything else is an Azure Storage connection string, served by the Azure
/// adapter (<c>AzureBlobStore</c>) once it is wired here.
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

        throw new CloudFreqException("this build has no Azure blob adapter wired yet (BlobStores.Open); use --storage file:FOLDER for a local folder.");
    }
}
