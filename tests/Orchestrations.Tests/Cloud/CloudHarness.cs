using CloudFreq.Core.Data;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Cloud.Fakes;

namespace CloudFreq.Orchestrations.Tests.Cloud;

/// <summary>
/// A cloud workflow over in-memory fakes, with a 60-image MNIST dataset uploaded as
/// <c>datasets/mnist60/</c> and the shared MNIST models and catalog under <c>models/</c>. The test
/// pumps the queues itself, as a host's listeners would.
/// </summary>
internal sealed class CloudHarness : IDisposable
{
    public const string DatasetName = "mnist60";
    public const string ConvnetBlob = "models/mnist/Convnet_maxpool.onnx";
    public const string ReluBlob = "models/mnist/mnist_relu_9_200.onnx";

    private readonly Dictionary<string, string> _lastErrors = [];

    public CloudHarness(IWorkItemRunner? runner = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "cloudfreq-cloud-tests", Guid.NewGuid().ToString("N"));
        LocalDataset = Path.Combine(Root, DatasetName);
        Directory.CreateDirectory(LocalDataset);
        foreach (var file in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            File.Copy(SharedData.Path("data", "mnist", file), Path.Combine(LocalDataset, file));
            Blobs.Upload($"datasets/{DatasetName}/{file}", Path.Combine(LocalDataset, file));
        }

        Blobs.Upload(ConvnetBlob, SharedData.Path("models", "mnist", "Convnet_maxpool.onnx"));
        Blobs.Upload(ReluBlob, SharedData.Path("models", "mnist", "mnist_relu_9_200.onnx"));
        Blobs.Upload("models/models.json", SharedData.Path("models", "models.json"));

        Ports = new CloudPorts(Blobs, New(CloudNames.TriggerQueue), New(CloudNames.ControlQueue), New(CloudNames.ItemsQueue), New(CloudNames.PoisonQueue), Store);
        Options = new CloudOptions { VisibilityTimeout = TimeSpan.FromMinutes(10), MaxDequeueCount = 3, CacheDirectory = Path.Combine(Root, "cache") };
        Workflow = NewWorkflow(runner);
    }

    public string Root { get; }

    public string LocalDataset { get; }

    public FakeClock Clock { get; } = new();

    public MemoryBlobStore Blobs { get; } = new();

    public FakeRunStore Store { get; } = new();

    public CloudPorts Ports { get; }

    public CloudOptions Options { get; }

    public CloudWorkflow Workflow { get; }

    public static ExecutionSettings Settings { get; } = new() { Scoring = new ScoringOptions { BatchSize = 64 } };

    public FakeQueue TriggerQueue => (FakeQueue)Ports.Trigger;

    public FakeQueue ControlQueue => (FakeQueue)Ports.Control;

    public FakeQueue ItemsQueue => (FakeQueue)Ports.Items;

    /// <summary>Another worker process over the same storage (its own caches and executors).</summary>
    public CloudWorkflow NewWorkflow(IWorkItemRunner? runner = null) => new(Ports, Options, Settings, clock: Clock, runner: runner);

    public static RunSpec Spec(int limit = 60, int itemSize = 20, params string[] models) => new()
    {
        Datasets = [new DatasetSpec { Path = $"datasets/{DatasetName}", Options = new DatasetOptions { Limit = limit } }],
        Models = [.. (models.Length == 0 ? [ConvnetBlob] : models).Select(m => new ModelSpec { Path = m })],
        ItemSize = itemSize,
    };

    /// <summary>One receive on the handler's queue, handled as a listener does; returns the messages received.</summary>
    public async Task<int> PumpOnceAsync(IQueueMessageHandler handler, int max = 32)
    {
        var leases = await handler.Queue.ReceiveAsync(max, Options.VisibilityTimeout);
        foreach (var lease in leases)
        {
            await HandleAsync(handler, lease);
        }

        return leases.Count;
    }

    public async Task HandleAsync(IQueueMessageHandler handler, QueueMessageLease lease)
    {
        if (lease.DequeueCount > Options.MaxDequeueCount)
        {
            await handler.HandlePoisonAsync(lease, _lastErrors.GetValueOrDefault(lease.MessageId), CancellationToken.None);
            await Ports.Poison.SendAsync(lease.Body);
            await handler.Queue.DeleteAsync(lease);
            return;
        }

        try
        {
            await handler.HandleAsync(lease, CancellationToken.None);
            await handler.Queue.DeleteAsync(lease);
        }
        catch (Exception ex)
        {
            lock (_lastErrors)
            {
                _lastErrors[lease.MessageId] = ex.Message;
            }
        }
    }

    /// <summary>Pumps every queue until all are empty, letting failed messages' leases time out.</summary>
    public async Task PumpAllAsync(int maxRounds = 100)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var handled = 0;
            foreach (var handler in Workflow.Handlers)
            {
                handled += await PumpOnceAsync(handler);
            }

            if (handled == 0)
            {
                var waiting = 0;
                foreach (var handler in Workflow.Handlers)
                {
                    waiting += await handler.Queue.ApproximateCountAsync();
                }

                if (waiting == 0)
                {
                    return;
                }

                Clock.Advance(Options.VisibilityTimeout + TimeSpan.FromSeconds(1));
            }
        }

        throw new InvalidOperationException("the queues did not drain");
    }

    public async Task<RunState> RunAsync(string runId) => (await Store.GetRunAsync(runId))!.Value;

    public async Task<string> ReportTextAsync(string runId, string file) =>
        System.Text.Encoding.UTF8.GetString((await Workflow.Runs.ReadReportAsync(runId, file))!);

    public int ResultCount(string runId) => Blobs.ListAsync(CloudNames.ItemResultsPrefix(runId)).Result.Count;

    public void Dispose()
    {
        Workflow.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder must not fail a test
        }
    }

    private FakeQueue New(string name) => new(name, Clock);
}
