using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>
/// <see cref="IBlobStore"/> over Azure Blob Storage. A name's first segment is its container
/// (<c>results/RUN/items/ID.json</c> is blob <c>RUN/items/ID.json</c> of container <c>results</c>),
/// created on first write. Create-if-absent is an upload with <c>If-None-Match: *</c>, so exactly one
/// of two racing writers wins, whichever instance or machine they run on.
/// </summary>
/// <param name="service">The account's blob service.</param>
/// <param name="containerPrefix">Put before every container name (isolates tests or tenants sharing an account); empty by default.</param>
public sealed class AzureBlobStore(BlobServiceClient service, string containerPrefix = "") : IBlobStore
{
    private readonly BlobServiceClient service = service ?? throw new ArgumentNullException(nameof(service));

    public async Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await UploadAsync(name, content, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        UploadAsync(name, content, new BlobUploadOptions(), cancellationToken);

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(name);
        try
        {
            var result = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await BlobOf(name).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var names = new List<string>();
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            await ListContainerAsync(prefix[..slash], prefix[(slash + 1)..], names, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // A prefix inside the container name: every container that starts with it, whole.
            await foreach (var container in service.GetBlobContainersAsync(prefix: containerPrefix + prefix, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await ListContainerAsync(container.Name[containerPrefix.Length..], string.Empty, names, cancellationToken).ConfigureAwait(false);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The blob's URI.</summary>
    public string Describe(string name) => BlobOf(name).Uri.AbsoluteUri;

    /// <summary>The container and blob name of a store name.</summary>
    internal (string Container, string Blob) Split(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == name.Length - 1)
        {
            throw new ArgumentException($"blob name '{name}' must be CONTAINER/NAME.", nameof(name));
        }

        return (containerPrefix + name[..slash], name[(slash + 1)..]);
    }

    private BlobClient BlobOf(string name)
    {
        var (container, blob) = Split(name);
        return service.GetBlobContainerClient(container).GetBlobClient(blob);
    }

    private async Task UploadAsync(string name, ReadOnlyMemory<byte> content, BlobUploadOptions options, CancellationToken cancellationToken)
    {
        var (containerName, blobName) = Split(name);
        var container = service.GetBlobContainerClient(containerName);
        var blob = container.GetBlobClient(blobName);
        var data = BinaryData.FromBytes(content);
        try
        {
            await blob.UploadAsync(data, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await blob.UploadAsync(data, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ListContainerAsync(string container, string blobPrefix, List<string> names, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(containerPrefix + container);
        try
        {
            var blobs = client.GetBlobsAsync(new GetBlobsOptions { Prefix = blobPrefix.Length == 0 ? null : blobPrefix }, cancellationToken);
            await foreach (var item in blobs.ConfigureAwait(false))
            {
                names.Add($"{container}/{item.Name}");
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container, no blobs.
        }
    }
}
