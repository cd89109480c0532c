using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Cloud.Fakes;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>
/// The durable workflow in process over an in-memory blob store: a 60-image MNIST dataset uploaded as
/// <c>datasets/mnist60/</c>, the shared MNIST models and catalog under <c>models/</c>, the runs API
/// (<see cref="DurableCloudRuns"/>), the marker trigger and poller, and the orchestrators run by an
/// <see cref="InlineWorkflowHost"/>.
/// </summary>
internal sealed class WorkflowHarness : IDisposable
{
    public const string DatasetName = "mnist60";
    public const string ConvnetBlob = "models/mnist/Convnet_maxpool.onnx";
    public const string ReluBlob = "models/mnist/mnist_relu_9_200.onnx";
    private readonly WorkItemExecutorPool _pool = new(Settings);

    public WorkflowHarness(Func<IWorkItemRunner, IWorkItemRunner>? runner = null, int deliveries = 1, bool asynchronous = true, IReadOnlyDictionary<string, string>? scripted = null, WorkflowSettings? settings = null, MemoryBlobStore? blobs = null, Func<WorkflowServices, InlineWorkflowHost>? host = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "cloudfreq-workflow-tests", Guid.NewGuid().ToString("N"));
        LocalDataset = Path.Combine(Root, DatasetName);
        Directory.CreateDirectory(LocalDataset);
        Blobs = blobs ?? new MemoryBlobStore();
        foreach (var file in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            File.Copy(SharedData.Path("data", "mnist", file), Path.Combine(LocalDataset, file));
            Blobs.Upload($"datasets/{DatasetName}/{file}", Path.Combine(LocalDataset, file));
        }

        Blobs.Upload(ConvnetBlob, SharedData.Path("models", "mnist", "Convnet_maxpool.onnx"));
        Blobs.Upload(ReluBlob, SharedData.Path("models", "mnist", "mnist_relu_9_200.onnx"));
        Blobs.Upload("models/models.json", SharedData.Path("models", "models.json"));

        Leases = NewLeases(Path.Combine(Root, "cache"));
        Services = new WorkflowServices(
            new RunBlobs(Blobs), Leases, new ItemShardStager(Blobs), runner?.Invoke(_pool) ?? _pool,
            new RunSummarizer(LocalRun.Tool), new ReportPublisher(), TimeProvider.System, NullLoggerFactory.Instance);
        Host = host?.Invoke(Services) ?? new InlineWorkflowHost(Services) { Deliveries = deliveries, Asynchronous = asynchronous, Scripted = scripted };
        Client = new InlineOrchestrationClient(Host, TimeProvider.System);
        Runs = new DurableCloudRuns(Client, new RunBlobs(Blobs), new RunInputStager(Blobs, Path.Combine(Root, "cache")),
            settings ?? new WorkflowSettings(Window: 2, ItemAttempts: 3, FirstRetrySeconds: 0.1, ItemsPerExecution: 10), TimeProvider.System, NullLogger<DurableCloudRuns>.Instance);
        Trigger = new MarkerTrigger(Runs, Blobs, NullLogger<MarkerTrigger>.Instance);
        Poller = new MarkerPoller(Blobs, Trigger, NullLogger<MarkerPoller>.Instance);
    }

    public static ExecutionSettings Settings { get; } = new() { Scoring = new ScoringOptions { BatchSize = 64 } };

    public string Root { get; }

    public string LocalDataset { get; }

    public MemoryBlobStore Blobs { get; }

    public PreparedRunLeases Leases { get; }

    public WorkflowServices Services { get; }

    public InlineWorkflowHost Host { get; }

    public InlineOrchestrationClient Client { get; }

    public DurableCloudRuns Runs { get; }

    public MarkerTrigger Trigger { get; }

    public MarkerPoller Poller { get; }

    public static RunSpec Spec(int limit = 60, int itemSize = 20, params string[] models) => new()
    {
        Datasets = [new DatasetSpec { Path = $"datasets/{DatasetName}", Options = new DatasetOptions { Limit = limit } }],
        Models = [.. (models.Length == 0 ? [ConvnetBlob] : models).Select(m => new ModelSpec { Path = m })],
        ItemSize = itemSize,
    };

    /// <summary>Leases for another worker process over the same storage (its own cache folder).</summary>
    public PreparedRunLeases NewLeases(string cacheDirectory) => new(
        new RunInputStager(Blobs, cacheDirectory),
        new RunPreparer(new DatasetOpener(Path.Combine(cacheDirectory, "gzip")), new ModelCardResolver(), new AnalysisCatalog(), new SessionFactory(Settings.Scoring)),
        new RunPlanner());

    /// <summary>Starts a run through the API and waits for its orchestration to end.</summary>
    public async Task<RunState> RunAsync(RunSpec spec, string runId)
    {
        await Runs.StartAsync(spec, "http", runId);
        return await WaitAsync(runId);
    }

    public async Task<RunState> WaitAsync(string runId)
    {
        await Client.WhenEnded(runId).WaitAsync(TimeSpan.FromMinutes(3));
        return (await Runs.GetAsync(runId))!;
    }

    public async Task<string> ReportTextAsync(string runId, string file) =>
        System.Text.Encoding.UTF8.GetString((await Runs.ReadReportAsync(runId, file))!);

    public int ResultCount(string runId) => Blobs.ListAsync(CloudNames.ItemResultsPrefix(runId)).Result.Count;

    public void Dispose()
    {
        Leases.Dispose();
        _pool.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder must not fail a test
        }
    }
}
