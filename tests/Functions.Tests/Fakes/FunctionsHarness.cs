using CloudFreq.Functions.Durable;
using CloudFreq.Functions.Http;
using CloudFreq.Functions.Triggers;
using CloudFreq.Functions.Workflow;
using CloudFreq.Orchestrations.Api;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using CloudFreq.Orchestrations.Tests.Workflow;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudFreq.Functions.Tests.Fakes;

/// <summary>
/// The workflow behind the Functions app's entry points, in process: the orchestrators run through
/// <see cref="OrchestratorTriggers"/>, the activities through <see cref="ActivityTriggers"/>, the runs API
/// through <see cref="RunsHttpFunctions"/> and uploads through <see cref="UploadTrigger"/>, each with a
/// <see cref="DurableTaskClient"/> as the <c>[DurableClient]</c> binding would give it. Storage is the
/// workflow harness's in-memory blobs with the MNIST sample; the backend is its inline orchestration host.
/// </summary>
internal sealed class FunctionsHarness : IDisposable
{
    public FunctionsHarness(int deliveries = 1)
    {
        Cloud = new WorkflowHarness(host: services => new InlineWorkflowHost(services)
        {
            Deliveries = deliveries,
            Orchestrators = RunOrchestratorTriggerAsync,
            Activities = RunActivityTriggerAsync,
        });
        Activities = new ActivityTriggers(new WorkflowActivities(Cloud.Services));
        Client = new PortDurableTaskClient(Cloud.Client);
        var factory = new CloudRunsFactory(
            new RunBlobs(Cloud.Blobs), Cloud.Blobs, new RunInputStager(Cloud.Blobs, Path.Combine(Cloud.Root, "api-cache")),
            new WorkflowSettings(Window: 2, ItemAttempts: 3, FirstRetrySeconds: 0.1, ItemsPerExecution: 10), TimeProvider.System, NullLoggerFactory.Instance);
        Http = new RunsHttpFunctions(factory, new RunsApiOptions(), NullLogger<RunsHttpFunctions>.Instance);
        Upload = new UploadTrigger(factory);
    }

    public WorkflowHarness Cloud { get; }

    public ActivityTriggers Activities { get; }

    public PortDurableTaskClient Client { get; }

    public RunsHttpFunctions Http { get; }

    public UploadTrigger Upload { get; }

    /// <summary>Activity trigger calls by function name.</summary>
    public Dictionary<string, int> TriggerCalls { get; } = new(StringComparer.Ordinal);

    public void Dispose() => Cloud.Dispose();

    private async Task<object?> RunOrchestratorTriggerAsync(string name, TaskOrchestrationContext context)
    {
        Count(name);
        return name switch
        {
            WorkflowNames.RunOrchestrator => await OrchestratorTriggers.RunOrchestratorAsync(context),
            WorkflowNames.GroupOrchestrator => await OrchestratorTriggers.GroupOrchestratorAsync(context),
            _ => throw new InvalidOperationException($"the app has no orchestration trigger {name}"),
        };
    }

    private async Task<object> RunActivityTriggerAsync(string name, string inputJson, string instanceId)
    {
        Count(name);
        var json = JsonDataConverter.Default;
        return name switch
        {
            WorkflowNames.PrepareRun => await Activities.PrepareRunAsync(json.Deserialize<string>(inputJson)!, instanceId),
            WorkflowNames.ComputeItem => await Activities.ComputeItemAsync(json.Deserialize<ItemInput>(inputJson)!, instanceId),
            WorkflowNames.SummarizeRun => await Activities.SummarizeRunAsync(json.Deserialize<SummarizeInput>(inputJson)!, instanceId),
            _ => throw new InvalidOperationException($"the app has no activity trigger {name}"),
        };
    }

    private void Count(string name)
    {
        lock (TriggerCalls)
        {
            TriggerCalls[name] = TriggerCalls.GetValueOrDefault(name) + 1;
        }
    }
}
