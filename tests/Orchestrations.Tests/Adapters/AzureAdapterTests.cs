using Azure.Storage.Blobs;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Tests.Azurite;

namespace CloudFreq.Orchestrations.Tests.Adapters;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContract
{
    protected override Task<IBlobStore> NewStoreAsync() =>
        Task.FromResult<IBlobStore>(new AzureBlobStore(new BlobServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("b")));

    [Fact]
    public async Task FirstSegmentIsTheContainerAndDescribeGivesTheUri()
    {
        var prefix = AzuriteFixture.UniqueName("b");
        var service = new BlobServiceClient(azurite.ConnectionString);
        var store = new AzureBlobStore(service, prefix);
        await store.WriteAsync("results/run 1/items/a b.json", "{}"u8.ToArray());

        var container = service.GetBlobContainerClient(prefix + "results");
        Assert.True(await container.ExistsAsync());
        Assert.True(await container.GetBlobClient("run 1/items/a b.json").ExistsAsync());
        Assert.Equal(
            $"http://127.0.0.1:{azurite.BlobPort}/{AzuriteFixture.AccountName}/{prefix}results/run%201/items/a%20b.json",
            store.Describe("results/run 1/items/a b.json"));
        Assert.Throws<ArgumentException>(() => store.Describe("no-container"));
    }
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageRestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task BlobsSurviveARestartOfTheEmulator()
    {
        if (azurite.IsExternal)
        {
            return;
        }

        var store = new AzureBlobStore(new BlobServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("p"));
        await store.WriteAsync("results/r/items/1.json", "[1]"u8.ToArray());
        var port = azurite.BlobPort;

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await azurite.StopAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"graceful stop took {stopping.Elapsed}");
        Assert.False(azurite.IsRunning);
        using (var probe = new System.Net.Sockets.TcpClient())
        {
            await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => probe.ConnectAsync(System.Net.IPAddress.Loopback, port));
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await azurite.StartAsync();
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"restart took {stopwatch.Elapsed}");

        Assert.Equal(port, azurite.BlobPort);
        Assert.Equal("[1]"u8.ToArray(), await store.ReadAsync("results/r/items/1.json"));
        Assert.True(await store.ExistsAsync("results/r/items/1.json"));
    }
}
