using System.Net;
using CloudFreq.Core;
using CloudFreq.Functions.Hosting;
using CloudFreq.Functions.Tests.Fakes;
using CloudFreq.Functions.Workers;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Tests.Hosting;

public class CloudHostTests
{
    private static string WriteHostJson(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void QueueOptions_FromHostJson_BindIntoCloudOptions()
    {
        var path = WriteHostJson("""
            { "extensions": { "queues": { "batchSize": 8, "visibilityTimeout": "00:02:00", "maxDequeueCount": 3, "workerConcurrency": 2, "sweepInterval": "00:00:30" } } }
            """);
        try
        {
            var app = CloudHost.Build(new CloudHostSettings { Role = CloudHostRole.Api, HostJsonPath = path }, (_, s) => s.AddSingleton<ICloudRuns>(new FakeCloudRuns()), b => b.Logging.ClearProviders());
            var options = app.Services.GetRequiredService<CloudOptions>();
            Assert.Equal(8, options.QueueBatchSize);
            Assert.Equal(TimeSpan.FromMinutes(2), options.VisibilityTimeout);
            Assert.Equal(3, options.MaxDequeueCount);
            Assert.Equal(2, options.WorkerConcurrency);
            Assert.Equal(TimeSpan.FromSeconds(30), options.SweepInterval);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void QueueOptions_EnvironmentStyleOverride_WinsOverHostJson()
    {
        var path = WriteHostJson("""{ "extensions": { "queues": { "batchSize": 8 } } }""");
        try
        {
            var app = CloudHost.Build(
                new CloudHostSettings { Role = CloudHostRole.Api, HostJsonPath = path, Args = ["--extensions:queues:batchSize=16"] },
                (_, s) => s.AddSingleton<ICloudRuns>(new FakeCloudRuns()),
                b => b.Logging.ClearProviders());
            Assert.Equal(16, app.Services.GetRequiredService<CloudOptions>().QueueBatchSize);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("batchSize", "0")]
    [InlineData("batchSize", "33")]
    [InlineData("maxDequeueCount", "0")]
    [InlineData("workerConcurrency", "0")]
    [InlineData("visibilityTimeout", "00:00:00")]
    [InlineData("sweepInterval", "00:00:00.5")]
    public void QueueOptions_Invalid_HostRefusesToBuildNamingTheSetting(string name, string value)
    {
        var error = Assert.Throws<CloudFreqException>(() => CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Api, Args = [$"--extensions:queues:{name}={value}"] },
            (_, s) => s.AddSingleton<ICloudRuns>(new FakeCloudRuns())));
        Assert.Contains("extensions:queues:" + name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiRole_WithoutCloudRuns_RefusesClearly()
    {
        var error = Assert.Throws<CloudFreqException>(() => CloudHost.Build(new CloudHostSettings { Role = CloudHostRole.Api }, (_, _) => { }));
        Assert.Contains("ICloudRuns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_FromSettingsOrExplicit_ReachesTheComposition()
    {
        StorageConnection? seen = null;
        CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Api, Storage = "UseDevelopmentStorage=true" },
            (context, s) =>
            {
                seen = context.RequireStorage();
                s.AddSingleton<ICloudRuns>(new FakeCloudRuns());
            },
            b => b.Logging.ClearProviders());
        Assert.Equal("UseDevelopmentStorage=true", seen!.ConnectionString);
        Assert.False(seen.UsesIdentity);
    }

    [Fact]
    public void StorageConnection_Resolve()
    {
        var settings = new Dictionary<string, string?> { ["CLOUDFREQ_STORAGE_ACCOUNT"] = "cloudfreqdata" };
        var identity = StorageConnection.Resolve(null, k => settings.GetValueOrDefault(k))!;
        Assert.True(identity.UsesIdentity);
        Assert.Equal(new Uri("https://cloudfreqdata.queue.core.windows.net"), identity.QueueEndpoint);
        Assert.Null(StorageConnection.Resolve(null, _ => null));
        Assert.Equal("x=1", StorageConnection.Resolve("x=1", k => settings.GetValueOrDefault(k))!.ConnectionString);
        Assert.DoesNotContain("AccountKey", StorageConnection.FromConnectionString("AccountName=a;AccountKey=SECRET").ToString(), StringComparison.Ordinal);
        Assert.Throws<CloudFreqException>(() => StorageConnection.FromAccountName("Bad_Name"));
        Assert.Throws<CloudFreqException>(() => StorageConnection.Resolve(null, k => k == StorageConnection.BlobEndpointKey ? "https://a.blob.core.windows.net" : null));
    }

    [Theory]
    [InlineData(null, CloudHostRole.All)]
    [InlineData("all", CloudHostRole.All)]
    [InlineData("both", CloudHostRole.All)]
    [InlineData("API", CloudHostRole.Api)]
    [InlineData("worker", CloudHostRole.Worker)]
    [InlineData(" Sweep ", CloudHostRole.Sweep)]
    public void Roles_Parse(string? text, CloudHostRole expected)
    {
        Assert.Equal(expected, CloudHostRoles.Parse(text));
        Assert.Equal(expected, CloudHostRoles.Parse(expected.Name()));
    }

    [Fact]
    public void Roles_OnlySweepIsOneShot()
    {
        Assert.True(CloudHostRole.Sweep.IsOneShot());
        Assert.All(new[] { CloudHostRole.Api, CloudHostRole.Worker, CloudHostRole.All }, r => Assert.False(r.IsOneShot()));
        Assert.True(CloudHostRole.Worker.HasFlag(CloudHostRole.Sweep) && CloudHostRole.Worker.HasFlag(CloudHostRole.Listeners));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SweepRole_RunsOnePassWithoutListeners_ThenStopsTheHost(bool sweepFails)
    {
        var sweeps = 0;
        var polls = 0;
        var handlersBuilt = 0;
        var ports = FakePorts();
        var app = CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Sweep, MarkerPoller = true, Args = ["--extensions:queues:sweepInterval=00:00:01"] },
            (_, services) =>
            {
                services.AddSingleton(ports);
                services.AddQueueListener(_ =>
                {
                    Interlocked.Increment(ref handlersBuilt);
                    return new ScriptedHandler(ports.Items, (_, _) => Task.CompletedTask);
                });
                services.AddSweepJobs(_ => new SweepJobs(
                    _ => Interlocked.Increment(ref sweeps) > 0 && sweepFails ? throw new IOException("storage unavailable") : Task.CompletedTask,
                    _ => Task.FromResult(Interlocked.Increment(ref polls))));
            },
            b =>
            {
                b.WebHost.UseTestServer();
                b.Logging.ClearProviders();
            });
        await app.StartAsync();

        // The host stops itself after the pass: no Ctrl+C, no timeout.
        await app.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var failed = app.Services.GetRequiredService<HostRunOutcome>().Failed;
        await app.DisposeAsync();

        Assert.Equal((1, 1, 0), (sweeps, polls, handlersBuilt));
        Assert.Equal(sweepFails, failed);
    }

    [Fact]
    public void Roles_Unknown_Throws() => Assert.Throws<CloudFreqException>(() => CloudHostRoles.Parse("scheduler"));

    [Fact]
    public async Task WorkerRole_RunsListenersAndSweep_AndServesOnlyHealth()
    {
        var ports = FakePorts();
        var handled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sweeps = 0;
        var polls = 0;
        var app = CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Worker, MarkerPoller = true, Args = ["--extensions:queues:pollInterval=00:00:00.02", "--extensions:queues:sweepInterval=00:00:01"] },
            (_, services) =>
            {
                services.AddSingleton(ports);
                services.AddQueueListener(_ => new ScriptedHandler(ports.Items, (m, _) =>
                {
                    handled.TrySetResult(m.Body);
                    return Task.CompletedTask;
                }));
                services.AddSweepJobs(_ => new SweepJobs(
                    _ => Task.FromResult(Interlocked.Increment(ref sweeps)),
                    _ => Task.FromResult(Interlocked.Increment(ref polls))));
            },
            b =>
            {
                b.WebHost.UseTestServer();
                b.Logging.ClearProviders();
            });
        await app.StartAsync();
        try
        {
            await ports.Items.SendAsync("work");
            Assert.Equal("work", await handled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
            await Eventually.TrueAsync(() => Volatile.Read(ref sweeps) > 0 && Volatile.Read(ref polls) > 0, "sweep and poller ran");
            var client = app.GetTestClient();
            using var health = await client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Contains("worker", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            client.DefaultRequestHeaders.Add("x-functions-key", "k");
            using var runs = await client.GetAsync("/api/runs");
            Assert.NotEqual(HttpStatusCode.OK, runs.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task NoPoller_SweepRunsWithoutPolling_AndApiRoleStartsNoHandlers()
    {
        var sweeps = 0;
        var polls = 0;
        var handlersBuilt = 0;
        var ports = FakePorts();
        void Compose(CloudHostContext _, IServiceCollection services)
        {
            services.AddSingleton(ports);
            services.AddSingleton<ICloudRuns>(new FakeCloudRuns());
            services.AddQueueListener(_ =>
            {
                Interlocked.Increment(ref handlersBuilt);
                return new ScriptedHandler(ports.Items, (_, _) => Task.CompletedTask);
            });
            services.AddSweepJobs(_ => new SweepJobs(
                _ => Task.FromResult(Interlocked.Increment(ref sweeps)),
                _ => Task.FromResult(Interlocked.Increment(ref polls))));
        }

        foreach (var (role, poller) in new[] { (CloudHostRole.All, false), (CloudHostRole.Api, true) })
        {
            var app = CloudHost.Build(new CloudHostSettings { Role = role, MarkerPoller = poller }, Compose, b =>
            {
                b.WebHost.UseTestServer();
                b.Logging.ClearProviders();
            });
            await app.StartAsync();
            if (role == CloudHostRole.All)
            {
                await Eventually.TrueAsync(() => Volatile.Read(ref sweeps) > 0, "sweep ran");
            }

            await app.StopAsync();
            await app.DisposeAsync();
        }

        Assert.Equal(0, polls);
        Assert.Equal(1, sweeps);
        Assert.Equal(1, handlersBuilt);
    }

    [Fact]
    public void WorkerHostOptions_InvalidScoring_RefusesToBuild()
    {
        var error = Assert.Throws<CloudFreqException>(() => CloudHost.Build(
            new CloudHostSettings { Role = CloudHostRole.Api, Args = ["--cloudfreq:batchSize=0"] },
            (_, s) => s.AddSingleton<ICloudRuns>(new FakeCloudRuns())));
        Assert.Contains("batchSize", error.Message, StringComparison.Ordinal);
    }

    private static CloudPorts FakePorts() => new(
        new NullBlobStore(),
        new FakeWorkQueue(CloudNames.TriggerQueue),
        new FakeWorkQueue(CloudNames.ControlQueue),
        new FakeWorkQueue(CloudNames.ItemsQueue),
        new FakeWorkQueue(CloudNames.PoisonQueue),
        new NullRunStore());

    private sealed class NullBlobStore : IBlobStore
    {
        public Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult<byte[]?>(null);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([]);

        public string Describe(string name) => name;
    }

    private sealed class NullRunStore : IRunStore
    {
        public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<bool> TryCreateRunAsync(RunState run, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task<Versioned<RunState>?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult<Versioned<RunState>?>(null);

        public Task<bool> TryReplaceRunAsync(RunState run, string etag, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task<RunPage> ListRunsAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default) => Task.FromResult(new RunPage([], null));

        public Task AddItemsAsync(string runId, IReadOnlyList<ItemState> items, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<Versioned<ItemState>?> GetItemAsync(string runId, string itemId, CancellationToken cancellationToken = default) => Task.FromResult<Versioned<ItemState>?>(null);

        public Task<bool> TryReplaceItemAsync(ItemState item, string etag, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public Task<IReadOnlyList<Versioned<ItemState>>> ListItemsAsync(string runId, CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<Versioned<ItemState>>>([]);
    }
}
