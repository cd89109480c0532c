using System.Text;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Adapters;

/// <summary>What every <see cref="IBlobStore"/> must do: create-if-absent, overwrite, read, list by prefix.</summary>
public abstract class BlobStoreContract
{
    /// <summary>A new, empty store.</summary>
    protected abstract Task<IBlobStore> NewStoreAsync();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task CreateIfAbsentKeepsTheFirstContent()
    {
        var store = await NewStoreAsync();
        const string name = "results/run-1/items/0001.json";
        Assert.True(await store.TryCreateAsync(name, Bytes("first")));
        Assert.False(await store.TryCreateAsync(name, Bytes("second")));
        Assert.Equal("first", Encoding.UTF8.GetString((await store.ReadAsync(name))!));
    }

    [Fact]
    public async Task ExistsSeesCreatedBlobsOnly()
    {
        var store = await NewStoreAsync();
        const string name = "results/run-1/items/exists.json";
        Assert.False(await store.ExistsAsync(name));
        Assert.True(await store.TryCreateAsync(name, Bytes("x")));
        Assert.True(await store.ExistsAsync(name));
        Assert.False(await store.ExistsAsync("results/run-1/items/exists.jso"));
    }

    [Fact]
    public async Task ConcurrentCreatesHaveOneWinner()
    {
        var store = await NewStoreAsync();
        const string name = "results/run-1/items/race.json";
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => store.TryCreateAsync(name, Bytes($"writer {i}")))));
        Assert.Equal(1, results.Count(r => r));
        var winner = Array.IndexOf(results, true);
        Assert.Equal($"writer {winner}", Encoding.UTF8.GetString((await store.ReadAsync(name))!));
    }

    [Fact]
    public async Task WriteReplacesAndReadOfMissingIsNull()
    {
        var store = await NewStoreAsync();
        const string name = "reports/run-1/report.md";
        Assert.Null(await store.ReadAsync(name));
        await store.WriteAsync(name, Bytes("v1"));
        await store.WriteAsync(name, Bytes("v2"));
        Assert.Equal("v2", Encoding.UTF8.GetString((await store.ReadAsync(name))!));
        Assert.False(await store.TryCreateAsync(name, Bytes("v3")));

        await store.WriteAsync("reports/run-1/empty.bin", ReadOnlyMemory<byte>.Empty);
        Assert.Empty((await store.ReadAsync("reports/run-1/empty.bin"))!);
    }

    [Fact]
    public async Task ListsByPrefixInOrdinalOrder()
    {
        var store = await NewStoreAsync();
        string[] names =
        [
            "results/r1/items/b.json",
            "results/r1/items/a.json",
            "results/r1/summary.json",
            "results/r10/items/c.json",
            "results/r2/items/d.json",
            "reports/r1/report.md",
        ];
        foreach (var name in names)
        {
            await store.WriteAsync(name, Bytes(name));
        }

        Assert.Equal(["results/r1/items/a.json", "results/r1/items/b.json"], await store.ListAsync("results/r1/items/"));
        Assert.Equal(["results/r1/items/a.json", "results/r1/items/b.json", "results/r1/summary.json"], await store.ListAsync("results/r1/"));
        Assert.Equal(
            ["results/r1/items/a.json", "results/r1/items/b.json", "results/r1/summary.json", "results/r10/items/c.json"],
            await store.ListAsync("results/r1"));
        Assert.Equal(5, (await store.ListAsync("results/")).Count);
        Assert.Empty(await store.ListAsync("results/r3/"));
        Assert.Empty(await store.ListAsync("datasets/none/"));
        Assert.Equal(names.Order(StringComparer.Ordinal), await store.ListAsync("re"));
    }

    [Fact]
    public async Task NamesWithSpacesAndUnicodeRoundTrip()
    {
        var store = await NewStoreAsync();
        string[] names =
        [
            "datasets/my set/Ünïcödé 漢字/img 1.png",
            "datasets/my set/a+b=c&d.png",
            "datasets/my set/%20 not an escape.png",
            "datasets/my set/emoji 🙂.png",
        ];
        foreach (var name in names)
        {
            Assert.True(await store.TryCreateAsync(name, Bytes(name)));
            Assert.Equal(name, Encoding.UTF8.GetString((await store.ReadAsync(name))!));
            Assert.False(string.IsNullOrEmpty(store.Describe(name)));
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), await store.ListAsync("datasets/my set/"));
    }

    [Fact]
    public async Task LargeBlobRoundTrips()
    {
        var store = await NewStoreAsync();
        var content = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(content);
        Assert.True(await store.TryCreateAsync("datasets/big/shard-0000.tar", content));
        Assert.Equal(content, await store.ReadAsync("datasets/big/shard-0000.tar"));
    }
}
