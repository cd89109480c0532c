using System.Text.Json;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>
/// The fan-in merges as it reads: at most <see cref="RunSummarizer.ReadAhead"/> results are read ahead of the
/// merge, whatever order the reads finish in, and the report is the one the local run wrote.
/// </summary>
public sealed class RunSummarizerStreamingTests
{
    private static readonly string Mnist = SharedData.Path("data", "mnist");
    private static readonly string Model = SharedData.Path("models", "mnist", "Convnet_maxpool.onnx");

    [Fact]
    public async Task ReadsOutOfOrder_BoundedAhead_GiveTheLocalRunsRows_AndCountMissingItems()
    {
        using var harness = new RunHarness();
        var spec = RunHarness.Spec(Mnist, new DatasetOptions { Limit = 400 }, itemSize: 10, Model);
        var local = await harness.RunAsync(spec);
        using var run = harness.Prepare(spec);
        var items = new RunPlanner().Plan(run);
        Assert.Equal(40, items.Count);

        var source = new SlowResults(harness.OutDir, missing: items[7].Id);
        var summary = await new RunSummarizer("test").SummarizeAsync(run, "streamed", items, source, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeProvider.System);

        Assert.InRange(source.MaxInFlight, 2, RunSummarizer.ReadAhead);
        Assert.Equal((39, 1), (summary.Results, summary.Missing));
        var error = Assert.Single(summary.Report.Errors);
        Assert.Equal(("item", items[7].Id, "failed: lost"), (error.Kind, error.Where, error.Message));

        // With the lost item's images gone the rows differ; the other 39 items merge exactly as the local run's.
        var complete = await new RunSummarizer("test").SummarizeAsync(run, "streamed", items, new SlowResults(harness.OutDir, missing: null), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeProvider.System);
        Assert.Equal(local.Report.Rows, complete.Report.Rows);
        Assert.NotEqual(local.Report.Rows, summary.Report.Rows);
    }

    // Reads the local run's item files with random delays, so later reads often finish first.
    private sealed class SlowResults(string outDir, string? missing) : IItemResults
    {
        private readonly Random _random = new(7);
        private int _inFlight;

        public int MaxInFlight { get; private set; }

        public async ValueTask<ItemLookup> ReadAsync(WorkItem item, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (_random)
            {
                MaxInFlight = Math.Max(MaxInFlight, now);
            }

            int delay;
            lock (_random)
            {
                delay = _random.Next(0, 15);
            }

            await Task.Delay(delay, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            if (item.Id == missing)
            {
                return new ItemLookup(null, "lost");
            }

            var bytes = await File.ReadAllBytesAsync(Path.Combine(outDir, LocalRunCoordinator.BlobName(item)), cancellationToken);
            return new ItemLookup(JsonSerializer.Deserialize<ItemResult>(bytes, RunJson.Options));
        }
    }
}
