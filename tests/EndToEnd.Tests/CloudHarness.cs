using System.Text;
using CloudFreq.Cli.Serve;
using CloudFreq.Cli.Serve.SelfHost;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Adapters.Azure;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;
using CloudFreq.Tests.Azurite;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudFreq.EndToEnd.Tests;

/// <summary>
/// One end-to-end scenario's world: a dataset folder of CIFAR-10 test JPEGs and a model with its
/// card, uploaded to Azurite with `cloudfreq upload`, worker processes (`cloudfreq serve --role
/// worker`) on a task hub of its own with short leases and visibility timeouts, the runs read through
/// the same Durable Task client `serve` uses, and the same spec evaluated locally with `cloudfreq evaluate`.
/// </summary>
internal sealed class CloudHarness : IDisposable
{
    public const string Model = "cifar10_small";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private readonly List<CloudfreqProcess> _workers = [];

    public CloudHarness(AzuriteFixture azurite, string datasetName, int imagesPerClass)
    {
        Azurite = azurite;
        Root = Path.Combine(Path.GetTempPath(), "cloudfreq-e2e", Guid.NewGuid().ToString("N"));
        DatasetName = datasetName;
        DatasetDir = Path.Combine(Root, datasetName);
        var source = SharedData.Path("data", "cifar10-test");
        foreach (var classDir in Directory.GetDirectories(source).Order(StringComparer.Ordinal))
        {
            var target = Directory.CreateDirectory(Path.Combine(DatasetDir, Path.GetFileName(classDir))).FullName;
            foreach (var file in Directory.GetFiles(classDir, "*.jpg").Order(StringComparer.Ordinal).Take(imagesPerClass))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        var models = Directory.CreateDirectory(Path.Combine(Root, "models")).FullName;
        ModelPath = Path.Combine(models, Model + ".onnx");
        File.Copy(SharedData.Path("models", "cifar10", Model + ".onnx"), ModelPath);
        File.WriteAllText(Path.Combine(models, Model + ".json"), """
            { "name": "cifar10_small", "input": ["batch", 32, 32, 3], "layout": "NHWC", "mean": [0, 0, 0], "std": [1, 1, 1], "group": "base" }
            """);
        Blobs = new AzureBlobStore(AzureStorageClients.FromConnectionString(azurite.ConnectionString).Blobs);
        HubName = "hub" + Guid.NewGuid().ToString("N")[..12];
        var durable = new DurableHostOptions { HubName = HubName };
        var service = new AzureStorageOrchestrationService(durable.ToSettings(ServeComposition.CreateClientProvider(StorageConnection.FromConnectionString(azurite.ConnectionString)), NullLoggerFactory.Instance));
        Runs = new DurableCloudRuns(
            new TaskHubOrchestrationClient(service, NullLoggerFactory.Instance),
            new RunBlobs(Blobs),
            new RunInputStager(Blobs, Path.Combine(Root, "harness-cache")),
            new WorkflowSettings(),
            TimeProvider.System,
            NullLogger<DurableCloudRuns>.Instance);
    }

    public AzuriteFixture Azurite { get; }

    public string Root { get; }

    public string DatasetName { get; }

    public string DatasetDir { get; }

    public string ModelPath { get; }

    public IBlobStore Blobs { get; }

    /// <summary>This harness's task hub: its workers share it, other tests' workers never see it.</summary>
    public string HubName { get; }

    /// <summary>The runs, read as the API reads them.</summary>
    public DurableCloudRuns Runs { get; }

    /// <summary>The id of the run this harness's marker starts.</summary>
    public string MarkerRunId => RunIds.ForMarker(Marker, DatasetName);

    /// <summary>The marker blob the upload writes: the run's source.</summary>
    public string Marker => $"{CloudNames.DatasetsContainer}/{DatasetName}/{CloudNames.MarkerFile}";

    public IReadOnlyList<CloudfreqProcess> Workers => _workers;

    /// <summary>`cloudfreq upload`: the dataset as tar shards (the default), or one blob per file with <paramref name="plain"/>.</summary>
    public Task UploadAsync(string suite, int itemSize, bool plain = false) => CloudfreqProcess.RunAsync(
        ["upload", DatasetDir, "--name", DatasetName, "--model", ModelPath, "--suite", suite, "--item-size", itemSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--storage", Azurite.ConnectionString, "--no-progress", .. (plain ? ["--plain"] : Array.Empty<string>())],
        CommandTimeout);

    /// <summary>Uploads the dataset and the model (with its card) as plain blobs, without a marker: nothing starts.</summary>
    public async Task UploadBlobsAsync()
    {
        foreach (var file in Directory.GetFiles(DatasetDir, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(DatasetDir, file).Replace('\\', '/');
            await Blobs.WriteAsync($"{CloudNames.DatasetsContainer}/{DatasetName}/{relative}", await File.ReadAllBytesAsync(file));
        }

        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(ModelPath)!))
        {
            await Blobs.WriteAsync($"{CloudNames.ModelsContainer}/{Path.GetFileName(file)}", await File.ReadAllBytesAsync(file));
        }
    }

    /// <summary>
    /// A host on this harness's task hub with short partition leases and work-item visibility (so a
    /// killed host's partitions and items move to another in seconds) and one ONNX thread.
    /// </summary>
    public CloudfreqProcess StartWorker(string role = "worker", string urls = "http://127.0.0.1:0", string? apiKey = null)
    {
        var environment = new Dictionary<string, string>
            {
                ["extensions__durableTask__hubName"] = HubName,
                ["extensions__durableTask__storageProvider__leaseInterval"] = "00:00:06",
                ["extensions__durableTask__storageProvider__leaseRenewInterval"] = "00:00:02",
                ["extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:00:10",
                ["extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:10",
                ["extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.500",
                ["cloudfreq__workflow__markerPollInterval"] = "00:00:00.500",
                ["cloudfreq__workflow__firstRetryInterval"] = "00:00:01",
                ["cloudfreq__workflow__cacheDirectory"] = Path.Combine(Root, "cache"),
                ["cloudfreq__intraOpThreads"] = "1",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__CloudFreq"] = "Information",
            };
        if (apiKey is not null)
        {
            environment["CLOUDFREQ_API_KEY"] = apiKey;
        }

        var worker = CloudfreqProcess.Start(["serve", "--role", role, "--urls", urls, "--storage", Azurite.ConnectionString], environment);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>The run started by this harness's marker (null until the poller started it).</summary>
    public Task<RunState?> FindRunAsync() => Runs.GetAsync(MarkerRunId);

    /// <summary>All runs whose source is this harness's marker.</summary>
    public async Task<int> CountRunsAsync()
    {
        var count = 0;
        string? continuation = null;
        do
        {
            var page = await Runs.ListAsync(continuation, 100);
            count += page.Runs.Count(r => r.Source == Marker);
            continuation = page.Continuation;
        }
        while (continuation is not null);
        return count;
    }

    /// <summary>Waits until the run has ended; <paramref name="whileWaiting"/> runs every poll (fault injection).</summary>
    public async Task<RunState> WaitForEndAsync(TimeSpan timeout, Func<RunState?, Task>? whileWaiting = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            RunState? run = null;
            try
            {
                run = await FindRunAsync();
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or AggregateException or InvalidOperationException)
            {
                // Azurite may be restarting.
            }

            if (run is { Status: RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled })
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"run from {Marker} not ended after {timeout}: {run}\n{WorkerLogs()}");
            }

            if (whileWaiting is not null)
            {
                await whileWaiting(run);
            }

            await Task.Delay(300);
        }
    }

    public async Task<string> CloudResultsAsync(string runId)
    {
        var bytes = await Blobs.ReadAsync($"{CloudNames.ReportsPrefix(runId)}results.csv")
            ?? throw new InvalidOperationException($"run {runId} has no results.csv");
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The same spec run by `cloudfreq evaluate` on the local folder.</summary>
    public async Task<string> LocalResultsAsync(string suite, int itemSize)
    {
        var output = Path.Combine(Root, "local");
        await CloudfreqProcess.RunAsync(
            ["evaluate", "--data", DatasetDir, "--model", ModelPath, "--suite", suite, "--item-size", itemSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--out", output, "--no-progress", "--threads", "1"],
            CommandTimeout);
        return await File.ReadAllTextAsync(Path.Combine(output, "results.csv"));
    }

    public string WorkerLogs() => string.Join("\n---- worker ----\n", _workers.Select(w => w.Output.Length > 4000 ? w.Output[^4000..] : w.Output));

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a worker may still hold a cache file for a moment
        }
    }
}
