using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Tests.Azurite;

namespace CloudFreq.Orchestrations.Tests.Adapters;

[Collection(AzuriteCollection.Name)]
public sealed class AzureWorkQueueTests(AzuriteFixture azurite) : WorkQueueContract
{
    protected override async Task<IWorkQueue> NewQueueAsync()
    {
        var queue = new AzureWorkQueue(Clients().Queues.GetQueueClient(AzuriteFixture.UniqueName("q")));
        await queue.EnsureExistsAsync();
        return queue;
    }

    // Queue Storage counts visibility in whole seconds: wait past the next second boundary.
    protected override Task PassAsync(TimeSpan time) => Task.Delay(time);

    protected override TimeSpan Past(TimeSpan lease) => lease + TimeSpan.FromSeconds(1.1);

    [Fact]
    public async Task EventGridBase64JsonAndPlainTextAreBothRead()
    {
        var client = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("q"), AzureStorageClients.QueueOptions());
        await client.CreateAsync();
        const string json = """{"id":"e1","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/datasets/blobs/cats/run.json"}""";
        await client.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));
        await client.SendMessageAsync("plain text, not base64");
        await client.SendMessageAsync(json);

        var queue = new AzureWorkQueue(client);
        var bodies = (await queue.ReceiveAsync(10, TimeSpan.FromSeconds(30))).Select(l => l.Body).ToList();
        Assert.Equal(2, bodies.Count(b => b == json));
        Assert.Contains("plain text, not base64", bodies);
    }

    [Fact]
    public async Task SentMessagesAreBase64OnTheWire()
    {
        var client = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("q"), AzureStorageClients.QueueOptions());
        await client.CreateAsync();
        await new AzureWorkQueue(client).SendAsync("""{"runId":"r"}""");
        var peeked = (await client.PeekMessageAsync()).Value;
        Assert.Equal(AzureWorkQueue.Encode("""{"runId":"r"}"""), peeked.Body.ToString());
    }

    [Fact]
    public async Task AbsentQueueIsCreatedOnce()
    {
        var queue = new AzureWorkQueue(Clients().Queues.GetQueueClient(AzuriteFixture.UniqueName("q")));
        await queue.EnsureExistsAsync();
        await queue.EnsureExistsAsync();
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }

    private AzureStorageClients Clients() => AzureStorageClients.FromConnectionString(azurite.ConnectionString);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureRunStoreTests(AzuriteFixture azurite) : RunStoreContract
{
    protected override async Task<IRunStore> NewStoreAsync()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var store = new AzureRunStore(new TableServiceClient(azurite.ConnectionString), prefix + "runs", prefix + "items");
        await store.EnsureExistsAsync();
        return store;
    }

    [Fact]
    public async Task RunRowsLayOutAsDocumented()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var service = new TableServiceClient(azurite.ConnectionString);
        var store = new AzureRunStore(service, prefix + "runs", prefix + "items");
        await store.EnsureExistsAsync();
        Assert.True(await store.TryCreateRunAsync(Run("a/b", spec: new string('s', 70_000))));
        await store.AddItemsAsync("a/b", [new ItemState("a/b", "i#1", ItemStatus.Queued, T0)]);

        var rows = await service.GetTableClient(prefix + "runs").QueryAsync<TableEntity>().ToListAsync();
        var run = Assert.Single(rows, r => r.RowKey == "a~2Fb");
        Assert.Equal(AzureRunStore.RunPartition, run.PartitionKey);
        Assert.Equal(3, run.GetInt32("SpecJsonParts"));
        Assert.Equal(30_000, run.GetString("SpecJson0").Length);
        Assert.Single(rows, r => r.RowKey.StartsWith("!t!", StringComparison.Ordinal) && r.RowKey.EndsWith("!a~2Fb", StringComparison.Ordinal));

        var item = Assert.Single(await service.GetTableClient(prefix + "items").QueryAsync<TableEntity>().ToListAsync());
        Assert.Equal(("a~2Fb", "i~231"), (item.PartitionKey, item.RowKey));
        Assert.Equal("Queued", item.GetString("Status"));
    }
}

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
public sealed class AzureCloudPortsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PortsUseTheCloudNamesUnderThePrefix()
    {
        var prefix = AzuriteFixture.UniqueName("p");
        var clients = AzureStorageClients.FromConnectionString(azurite.ConnectionString);
        var ports = AzureCloudPorts.Create(clients, prefix);
        await ports.EnsureExistsAsync();
        Assert.Equal(
            new[] { CloudNames.TriggerQueue, CloudNames.ControlQueue, CloudNames.ItemsQueue, CloudNames.PoisonQueue }.Select(n => prefix + n),
            new[] { ports.Trigger, ports.Control, ports.Items, ports.Poison }.Select(q => q.Name));
        Assert.True(await clients.Tables.GetTableClient(prefix + CloudNames.RunsTable).QueryAsync<TableEntity>().ToListAsync() is { Count: 0 });

        Assert.True(await ports.Blobs.TryCreateAsync(CloudNames.ItemResultBlob("r", "i"), "{}"u8.ToArray()));
        Assert.Equal([CloudNames.ItemResultBlob("r", "i")], await ports.Blobs.ListAsync(CloudNames.ItemResultsPrefix("r")));
        Assert.Throws<ArgumentException>(() => AzureCloudPorts.Create(clients, "Bad-Prefix"));
    }

    [Fact]
    public async Task DataSurvivesARestartOnTheSamePorts()
    {
        if (azurite.IsExternal)
        {
            return;
        }

        var prefix = AzuriteFixture.UniqueName("p");
        var ports = AzureCloudPorts.Create(AzureStorageClients.FromConnectionString(azurite.ConnectionString), prefix);
        await ports.EnsureExistsAsync();
        await ports.Blobs.WriteAsync("results/r/items/1.json", "[1]"u8.ToArray());
        await ports.Items.SendAsync("item 1");
        Assert.True(await ports.Runs.TryCreateRunAsync(new RunState("r", RunStatus.Running, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "http", "{}")));
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
        Assert.Equal("[1]"u8.ToArray(), await ports.Blobs.ReadAsync("results/r/items/1.json"));
        Assert.Equal("item 1", Assert.Single(await ports.Items.ReceiveAsync(1, TimeSpan.FromSeconds(30))).Body);
        Assert.Equal(RunStatus.Running, (await ports.Runs.GetRunAsync("r"))!.Value.Status);
    }
}
