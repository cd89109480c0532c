using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Adapters;

/// <summary>What every <see cref="IWorkQueue"/> must do (Azure Queue Storage semantics).</summary>
public abstract class WorkQueueContract
{
    /// <summary>The lease used where a test waits for it to run out.</summary>
    protected static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    protected static readonly TimeSpan LongLease = TimeSpan.FromSeconds(60);

    /// <summary>A new, empty queue that exists.</summary>
    protected abstract Task<IWorkQueue> NewQueueAsync();

    /// <summary>Lets <paramref name="time"/> pass for the queue (a fake clock moves; a real one is waited for).</summary>
    protected abstract Task PassAsync(TimeSpan time);

    /// <summary>A little more than <paramref name="lease"/>: safely past its end.</summary>
    protected virtual TimeSpan Past(TimeSpan lease) => lease + TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task SendReceiveDelete()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("first");
        await queue.SendAsync("second");
        Assert.Equal(2, await queue.ApproximateCountAsync());

        var leases = await queue.ReceiveAsync(10, LongLease);
        Assert.Equal(["first", "second"], leases.Select(l => l.Body).Order(StringComparer.Ordinal));
        Assert.All(leases, l => Assert.Equal(1, l.DequeueCount));
        Assert.All(leases, l => Assert.False(string.IsNullOrEmpty(l.PopReceipt)));
        Assert.Empty(await queue.ReceiveAsync(10, LongLease));

        foreach (var lease in leases)
        {
            await queue.DeleteAsync(lease);
        }

        Assert.Equal(0, await queue.ApproximateCountAsync());
        Assert.Empty(await queue.ReceiveAsync(10, LongLease));
    }

    [Fact]
    public async Task ReceiveTakesAtMostTheBatchSize()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 5; i++)
        {
            await queue.SendAsync($"m{i}");
        }

        Assert.Equal(3, (await queue.ReceiveAsync(3, LongLease)).Count);
        Assert.Equal(2, (await queue.ReceiveAsync(10, LongLease)).Count);
    }

    [Fact]
    public async Task ExpiredLeaseMakesTheMessageReappearAndStaleDeleteIsIgnored()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("work");
        var first = Assert.Single(await queue.ReceiveAsync(1, ShortLease));

        await PassAsync(Past(ShortLease));
        var second = Assert.Single(await queue.ReceiveAsync(1, LongLease));
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal("work", second.Body);
        Assert.Equal(2, second.DequeueCount);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);

        // The first worker's lease is stale: its delete must not remove the re-delivered message.
        await queue.DeleteAsync(first);
        Assert.Equal(1, await queue.ApproximateCountAsync());
        Assert.Null(await queue.SetVisibilityAsync(first, LongLease));

        await queue.DeleteAsync(second);
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task SetVisibilityZeroReleasesTheMessage()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("release me");
        var lease = Assert.Single(await queue.ReceiveAsync(1, LongLease));

        var released = await queue.SetVisibilityAsync(lease, TimeSpan.Zero);
        Assert.NotNull(released);
        Assert.NotEqual(lease.PopReceipt, released.PopReceipt);

        var again = Assert.Single(await queue.ReceiveAsync(1, LongLease));
        Assert.Equal(lease.MessageId, again.MessageId);
        Assert.Equal("release me", again.Body);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task SetVisibilityExtendsTheLease()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("long job");
        var lease = Assert.Single(await queue.ReceiveAsync(1, ShortLease));

        var renewed = await queue.SetVisibilityAsync(lease, LongLease);
        Assert.NotNull(renewed);
        Assert.Equal("long job", renewed.Body);

        await PassAsync(Past(ShortLease));
        Assert.Empty(await queue.ReceiveAsync(1, LongLease));

        // The receipt before the renewal is stale; the renewed one deletes.
        await queue.DeleteAsync(lease);
        Assert.Equal(1, await queue.ApproximateCountAsync());
        await queue.DeleteAsync(renewed);
        Assert.Equal(0, await queue.ApproximateCountAsync());
    }

    [Fact]
    public async Task DelayedMessageIsInvisibleUntilItsDelayPasses()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync("later", ShortLease);
        Assert.Empty(await queue.ReceiveAsync(1, LongLease));

        await PassAsync(Past(ShortLease));
        Assert.Equal("later", Assert.Single(await queue.ReceiveAsync(1, LongLease)).Body);
    }

    [Fact]
    public async Task BodiesRoundTripAsText()
    {
        var queue = await NewQueueAsync();
        string[] bodies =
        [
            """{"runId":"r1","itemId":"i/2#x?","text":"Ünïcödé 漢字 🙂"}""",
            "plain text with spaces\nand a second line",
            "abcd",
            new string('x', 40_000),
        ];
        foreach (var body in bodies)
        {
            await queue.SendAsync(body);
        }

        var received = await queue.ReceiveAsync(10, LongLease);
        Assert.Equal(bodies.Order(StringComparer.Ordinal), received.Select(l => l.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BodiesOverTheLimitAreRefusedBeforeSending()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync(new string('x', 48 * 1024));
        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendAsync(new string('x', 48 * 1024 + 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendAsync(string.Concat(Enumerable.Repeat("🙂", 12 * 1024 + 1))));
        Assert.Equal(1, await queue.ApproximateCountAsync());
        Assert.Equal(48 * 1024, Assert.Single(await queue.ReceiveAsync(1, LongLease)).Body.Length);
    }
}
