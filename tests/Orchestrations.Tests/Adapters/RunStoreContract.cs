using System.Text;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Adapters;

/// <summary>What every <see cref="IRunStore"/> must do: create-once, ETag-guarded replaces, insert-if-absent items, newest-first paging.</summary>
public abstract class RunStoreContract
{
    protected static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Ids that need escaping in Azure Table keys, and unicode.</summary>
    public static readonly TheoryData<string> OddIds = new()
    {
        "plain-id",
        "a/b\\c#d?e",
        "50% ~tilde~ !bang! 'quote' \"dq\" +plus+ &amp; =eq=",
        "tab\tnew\nline\u0001\u007f\u0085",
        "Ünïcödé 漢字 🙂 space",
        "~41",
        "!t!0000",
        "image.png#17",
    };

    /// <summary>A new, empty store whose tables exist.</summary>
    protected abstract Task<IRunStore> NewStoreAsync();

    protected static RunState Run(string id, DateTimeOffset? created = null, string spec = "{}") =>
        new(id, RunStatus.Pending, created ?? T0, created ?? T0, "http", spec);

    [Fact]
    public async Task RunIsCreatedOnce()
    {
        var store = await NewStoreAsync();
        var run = Run("run-1", spec: """{"v":1}""") with { Fingerprint = "fp", Total = 7, Error = "none" };
        Assert.True(await store.TryCreateRunAsync(run));
        Assert.False(await store.TryCreateRunAsync(Run("run-1", spec: """{"v":2}""")));

        var stored = await store.GetRunAsync("run-1");
        Assert.NotNull(stored);
        Assert.Equal(run, stored.Value);
        Assert.False(string.IsNullOrEmpty(stored.ETag));
        Assert.Null(await store.GetRunAsync("run-2"));
    }

    [Fact]
    public async Task ReplaceNeedsTheCurrentETag()
    {
        var store = await NewStoreAsync();
        Assert.True(await store.TryCreateRunAsync(Run("r")));
        var read = (await store.GetRunAsync("r"))!;

        var running = read.Value with { Status = RunStatus.Running, Total = 3, LastUpdatedTime = T0.AddMinutes(1) };
        Assert.True(await store.TryReplaceRunAsync(running, read.ETag));

        // A second writer that read before the first replace loses.
        Assert.False(await store.TryReplaceRunAsync(read.Value with { Status = RunStatus.Canceled }, read.ETag));

        var after = (await store.GetRunAsync("r"))!;
        Assert.Equal(running, after.Value);
        Assert.NotEqual(read.ETag, after.ETag);
        Assert.False(await store.TryReplaceRunAsync(Run("missing"), after.ETag));
    }

    [Fact]
    public async Task ConcurrentIncrementsWithRetryCountExactly()
    {
        var store = await NewStoreAsync();
        Assert.True(await store.TryCreateRunAsync(Run("counter")));
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var current = (await store.GetRunAsync("counter"))!;
                if (await store.TryReplaceRunAsync(current.Value with { Done = current.Value.Done + 1 }, current.ETag))
                {
                    return;
                }

                Interlocked.Increment(ref conflicts);
            }
        })));

        Assert.Equal(20, (await store.GetRunAsync("counter"))!.Value.Done);
    }

    [Fact]
    public async Task AddItemsInsertsOnlyMissingRows()
    {
        var store = await NewStoreAsync();
        Assert.True(await store.TryCreateRunAsync(Run("r")));
        ItemState Item(int i) => new("r", $"item-{i:D4}", ItemStatus.Queued, T0);

        await store.AddItemsAsync("r", [Item(1), Item(2), Item(150)]);
        var two = (await store.GetItemAsync("r", "item-0002"))!;
        var running = two.Value with { Status = ItemStatus.Running, Attempts = 1, UpdatedTime = T0.AddSeconds(5) };
        Assert.True(await store.TryReplaceItemAsync(running, two.ETag));
        Assert.False(await store.TryReplaceItemAsync(two.Value with { Status = ItemStatus.Failed }, two.ETag));

        // 250 items over three batches, three of which exist (one of them changed since): none is overwritten.
        await store.AddItemsAsync("r", [.. Enumerable.Range(0, 250).Select(Item)]);
        var all = await store.ListItemsAsync("r");
        Assert.Equal(250, all.Count);
        Assert.Equal(250, all.Select(v => v.Value.ItemId).Distinct().Count());
        Assert.Equal(running, (await store.GetItemAsync("r", "item-0002"))!.Value);
        Assert.Equal(249, all.Count(v => v.Value.Status == ItemStatus.Queued));

        // Duplicates in one call and a second call with everything present change nothing.
        await store.AddItemsAsync("r", [Item(7), Item(7), Item(2)]);
        Assert.Equal(250, (await store.ListItemsAsync("r")).Count);
        Assert.Empty(await store.ListItemsAsync("other"));
        Assert.Null(await store.GetItemAsync("r", "item-9999"));
    }

    [Fact]
    public async Task RunsAreListedNewestFirstInPages()
    {
        var store = await NewStoreAsync();
        var order = new[] { 3, 0, 6, 1, 5, 2, 4 };
        foreach (var i in order)
        {
            Assert.True(await store.TryCreateRunAsync(Run($"run-{i}", T0.AddMinutes(i))));
        }

        var pages = new List<IReadOnlyList<RunState>>();
        string? continuation = null;
        do
        {
            var page = await store.ListRunsAsync(continuation, 3);
            Assert.InRange(page.Runs.Count, 1, 3);
            pages.Add(page.Runs);
            continuation = page.Continuation;
            Assert.True(pages.Count <= 4, "paging does not end");
        }
        while (continuation is not null);

        Assert.Equal(
            ["run-6", "run-5", "run-4", "run-3", "run-2", "run-1", "run-0"],
            pages.SelectMany(p => p).Select(r => r.RunId));
        Assert.Equal(3, pages[0].Count);

        var one = await store.ListRunsAsync(null, 100);
        Assert.Equal(7, one.Runs.Count);
        Assert.Null(one.Continuation);
        Assert.Equal("run-6", one.Runs[0].RunId);
    }

    [Theory]
    [MemberData(nameof(OddIds))]
    public async Task OddIdsRoundTrip(string id)
    {
        var store = await NewStoreAsync();
        Assert.True(await store.TryCreateRunAsync(Run(id)));
        Assert.False(await store.TryCreateRunAsync(Run(id)));
        var run = (await store.GetRunAsync(id))!;
        Assert.Equal(id, run.Value.RunId);
        Assert.True(await store.TryReplaceRunAsync(run.Value with { Status = RunStatus.Running }, run.ETag));
        Assert.Equal(id, Assert.Single((await store.ListRunsAsync(null, 10)).Runs).RunId);

        await store.AddItemsAsync(id, [new ItemState(id, id, ItemStatus.Queued, T0), new ItemState(id, id + "/2", ItemStatus.Queued, T0)]);
        var item = (await store.GetItemAsync(id, id))!;
        Assert.Equal(id, item.Value.RunId);
        Assert.Equal(id, item.Value.ItemId);
        Assert.True(await store.TryReplaceItemAsync(item.Value with { Status = ItemStatus.Done }, item.ETag));
        Assert.Equal([id, id + "/2"], (await store.ListItemsAsync(id)).Select(v => v.Value.ItemId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LargeSpecAndErrorRoundTrip()
    {
        var store = await NewStoreAsync();

        // 200 KB of JSON with surrogate pairs on both sides of every chunk boundary.
        var builder = new StringBuilder("{\"images\":[");
        for (var i = 0; builder.Length < 200_000; i++)
        {
            builder.Append(i == 0 ? string.Empty : ",").Append("\"img-🙂-").Append(i).Append(".png\"");
        }

        var spec = builder.Append("]}").ToString();
        var error = string.Concat(Enumerable.Repeat("stack frame 🙂\n", 5_000));
        var run = Run("big", spec: spec) with { Error = error };
        Assert.True(await store.TryCreateRunAsync(run));
        var stored = (await store.GetRunAsync("big"))!;
        Assert.Equal(spec, stored.Value.SpecJson);
        Assert.Equal(error, stored.Value.Error);

        // A shorter replacement leaves nothing of the longer one behind.
        Assert.True(await store.TryReplaceRunAsync(stored.Value with { SpecJson = "{}", Error = null }, stored.ETag));
        var replaced = (await store.GetRunAsync("big"))!.Value;
        Assert.Equal("{}", replaced.SpecJson);
        Assert.Null(replaced.Error);
        Assert.Equal("{}", Assert.Single((await store.ListRunsAsync(null, 5)).Runs).SpecJson);
    }

    [Fact]
    public async Task EmptySpecAndTimesRoundTrip()
    {
        var store = await NewStoreAsync();
        var created = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var run = new RunState("times", RunStatus.Completed, created, created.AddTicks(1), string.Empty, string.Empty, Done: 5, Failed: 2);
        Assert.True(await store.TryCreateRunAsync(run));
        var stored = (await store.GetRunAsync("times"))!.Value;
        Assert.Equal(run, stored);
        Assert.Equal(created.UtcTicks, stored.CreatedTime.UtcTicks);
    }
}
