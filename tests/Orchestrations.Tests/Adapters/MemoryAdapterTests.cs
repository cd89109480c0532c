using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Adapters.Memory;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Adapters;

public sealed class InMemoryWorkQueueTests : WorkQueueContract
{
    private readonly ManualTimeProvider time = new();

    protected override Task<IWorkQueue> NewQueueAsync() => Task.FromResult<IWorkQueue>(new InMemoryWorkQueue("q", time));

    protected override Task PassAsync(TimeSpan time)
    {
        this.time.Advance(time);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task LeaseEndsExactlyAtItsVisibilityTime()
    {
        var queue = new InMemoryWorkQueue("q", time);
        await queue.SendAsync("x");
        var lease = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromMinutes(10)));
        Assert.Equal(time.GetUtcNow(), lease.InsertedOn);

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Equal(0, queue.VisibleCount);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, queue.VisibleCount);
    }

    [Fact]
    public async Task ConcurrentReceiversNeverShareAMessage()
    {
        var queue = new InMemoryWorkQueue("q", time);
        for (var i = 0; i < 500; i++)
        {
            await queue.SendAsync($"m{i}");
        }

        var received = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var leases = await queue.ReceiveAsync(7, TimeSpan.FromMinutes(1));
                if (leases.Count == 0)
                {
                    return;
                }

                foreach (var lease in leases)
                {
                    received.Add(lease.Body);
                    await queue.DeleteAsync(lease);
                }
            }
        })));

        Assert.Equal(500, received.Count);
        Assert.Equal(500, received.Distinct().Count());
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }
}

public sealed class InMemoryRunStoreTests : RunStoreContract
{
    protected override Task<IRunStore> NewStoreAsync() => Task.FromResult<IRunStore>(new InMemoryRunStore());
}

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

public sealed class MemoryCloudPortsTests
{
    [Fact]
    public async Task PortsUseTheCloudQueueNamesAndShareTheClock()
    {
        var time = new ManualTimeProvider();
        var ports = MemoryCloudPorts.Create(time);
        await ports.EnsureExistsAsync();
        Assert.Equal(
            [CloudNames.TriggerQueue, CloudNames.ControlQueue, CloudNames.ItemsQueue, CloudNames.PoisonQueue],
            new[] { ports.Trigger, ports.Control, ports.Items, ports.Poison }.Select(q => q.Name));

        await ports.Items.SendAsync("x");
        Assert.Single(await ports.Items.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(2, Assert.Single(await ports.Items.ReceiveAsync(1, TimeSpan.FromSeconds(30))).DequeueCount);
    }
}
