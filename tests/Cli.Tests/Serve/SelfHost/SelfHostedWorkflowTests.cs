using System.Collections.Concurrent;
using CloudFreq.Cli.Serve;
using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Workflow;
using CloudFreq.Tests.Azurite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Tests.Serve.SelfHost;

/// <summary>
/// The workflow on the real engine: <c>cloudfreq serve</c>'s host (DurableTask.Core's task hub worker
/// over DurableTask.AzureStorage on Azurite) in process, with the shared executor wrapped to count its
/// calls and inject failures. Permanent errors are attempted once, transient ones are retried, a
/// second start with the same id starts nothing, and cancel ends a run Canceled within seconds.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfHostedWorkflowTests(AzuriteFixture azurite)
{
    private const string Convnet = "models/mnist/Convnet_maxpool.onnx";
    private const string Relu = "models/mnist/mnist_relu_9_200.onnx";

    [Fact]
    public async Task PermanentErrorsOnce_TransientErrorsRetried_AndTheReportNamesTheFailedItems()
    {
        var counting = new CountingRunner((item, attempt) => item.ModelIndex == 1
            ? new CloudFreqException("model mnist_relu_9_200: the graph is corrupt")
            : attempt == 1 ? new IOException("transient storage error") : null);
        await using var host = await StartHostAsync(counting);
        var runs = host.Services.GetRequiredService<DurableCloudRuns>();

        var spec = Spec(60, 30, Convnet, Relu);
        await runs.StartAsync(spec, "http", "errors");
        var again = await runs.StartAsync(Spec(10, 10, Convnet), "http", "errors");
        Assert.Equal("errors", again.RunId);
        var run = await WaitAsync(runs, "errors", TimeSpan.FromMinutes(3));

        Assert.True(run.Status == RunStatus.Completed, run.ToString());
        Assert.Equal((4, 2, 2), (run.Total, run.Done, run.Failed));
        Assert.All(counting.Calls.Where(c => c.Key.Contains(".m1-", StringComparison.Ordinal)), c => Assert.Equal(1, c.Value));
        Assert.All(counting.Calls.Where(c => c.Key.Contains(".m0-", StringComparison.Ordinal)), c => Assert.Equal(2, c.Value));
        Assert.Equal(4, counting.Calls.Count);
        var report = System.Text.Encoding.UTF8.GetString((await runs.ReadReportAsync("errors", "report.json"))!);
        Assert.Contains("the graph is corrupt", report, StringComparison.Ordinal);
        foreach (var item in counting.Calls.Keys.Where(k => k.Contains(".m1-", StringComparison.Ordinal)))
        {
            Assert.Contains(item, report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cancel_EndsTheRunCanceledWithinSeconds()
    {
        using var release = new ManualResetEventSlim();
        var counting = new CountingRunner((_, _) =>
        {
            release.Wait(TimeSpan.FromSeconds(60));
            return null;
        });
        await using var host = await StartHostAsync(counting);
        var runs = host.Services.GetRequiredService<DurableCloudRuns>();
        await runs.StartAsync(Spec(60, 10, Convnet), "http", "cancel");
        await WaitUntilAsync(() => !counting.Calls.IsEmpty, TimeSpan.FromMinutes(2));

        var requested = DateTimeOffset.UtcNow;
        await runs.CancelAsync("cancel");
        release.Set();
        var run = await WaitAsync(runs, "cancel", TimeSpan.FromMinutes(1));
        var took = DateTimeOffset.UtcNow - requested;

        Assert.Equal(RunStatus.Canceled, run.Status);
        Assert.True(took < TimeSpan.FromSeconds(20), $"cancel took {took}");
        Assert.True(run.Done < 6, $"{run.Done} of 6 items ran after the cancel");
        Assert.Null(await runs.ReadReportAsync("cancel", "results.csv"));
    }

    private async Task<WebApplication> StartHostAsync(CountingRunner counting)
    {
        var blobs = new AzureBlobStore(AzureStorageClients.FromConnectionString(azurite.ConnectionString).Blobs);
        foreach (var file in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            await blobs.WriteAsync($"datasets/mnist60/{file}", await File.ReadAllBytesAsync(SharedData.Path("data", "mnist", file)));
        }

        await blobs.WriteAsync(Convnet, await File.ReadAllBytesAsync(SharedData.Path("models", "mnist", "Convnet_maxpool.onnx")));
        await blobs.WriteAsync(Relu, await File.ReadAllBytesAsync(SharedData.Path("models", "mnist", "mnist_relu_9_200.onnx")));
        await blobs.WriteAsync("models/models.json", await File.ReadAllBytesAsync(SharedData.Path("models", "models.json")));

        var hub = "hub" + Guid.NewGuid().ToString("N")[..12];
        var cache = Path.Combine(Path.GetTempPath(), "cloudfreq-selfhost-tests", hub);
        var app = CloudHost.Build(
            new CloudHostSettings
            {
                Role = CloudHostRole.All,
                Storage = azurite.ConnectionString,
                MarkerPoller = false,
                Args =
                [
                    "--urls", "http://127.0.0.1:0",
                    $"--extensions:durableTask:hubName={hub}",
                    "--extensions:durableTask:storageProvider:partitionCount=2",
                    "--extensions:durableTask:storageProvider:leaseInterval=00:00:06",
                    "--extensions:durableTask:storageProvider:leaseRenewInterval=00:00:02",
                    "--extensions:durableTask:storageProvider:maxQueuePollingInterval=00:00:00.500",
                    "--cloudfreq:workflow:firstRetryInterval=00:00:00.500",
                    "--cloudfreq:workflow:itemAttempts=3",
                    $"--cloudfreq:workflow:cacheDirectory={cache}",
                    "--cloudfreq:intraOpThreads=1",
                ],
            },
            (context, services) =>
            {
                services.AddSingleton<IWorkItemRunner>(sp => counting.Around(sp.GetRequiredService<WorkItemExecutorPool>()));
                ServeComposition.Register(context, services);
            },
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return app;
    }

    private static RunSpec Spec(int limit, int itemSize, params string[] models) => new()
    {
        Datasets = [new DatasetSpec { Path = "datasets/mnist60", Options = new DatasetOptions { Limit = limit } }],
        Models = [.. models.Select(m => new ModelSpec { Path = m })],
        ItemSize = itemSize,
    };

    private static async Task<RunState> WaitAsync(DurableCloudRuns runs, string runId, TimeSpan timeout)
    {
        RunState? run = null;
        await WaitUntilAsync(
            async () => (run = await runs.GetAsync(runId)) is { Status: RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled },
            timeout,
            () => $"run {runId}: {run}");
        return run!;
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, () => "condition");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached after {timeout}: {describe()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Counts the shared executor's calls per item and injects failures by item and attempt.</summary>
    private sealed class CountingRunner(Func<WorkItem, int, Exception?> fail)
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

        public IWorkItemRunner Around(IWorkItemRunner inner) => new Runner(this, inner, fail);

        private sealed class Runner(CountingRunner owner, IWorkItemRunner inner, Func<WorkItem, int, Exception?> fail) : IWorkItemRunner
        {
            public ItemResult Execute(PreparedRun run, WorkItem item, CancellationToken cancellationToken)
            {
                var attempt = owner.Calls.AddOrUpdate(item.Id, 1, (_, n) => n + 1);
                return fail(item, attempt) is { } error ? throw error : inner.Execute(run, item, cancellationToken);
            }
        }
    }
}
