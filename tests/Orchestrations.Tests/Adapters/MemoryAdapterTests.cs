using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Adapters.Memory;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Adapters;

public sealed class InMemoryBlobStoreTests : BlobStoreContract
{
    protected override Task<IBlobStore> NewStoreAsync() => Task.FromResult<IBlobStore>(new InMemoryBlobStore());
}

public sealed class LocalFolderBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"cloudfreq-blobs-{Guid.NewGuid():N}");

    protected override Task<IBlobStore> NewStoreAsync() => Task.FromResult<IBlobStore>(new LocalFolderBlobStore(Path.Combine(root, Guid.NewGuid().ToString("N"))));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
