using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.DurableTask.Converters;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>The runs API's orchestration port over an <see cref="InlineWorkflowHost"/>: each scheduled run runs in the background.</summary>
internal sealed class InlineOrchestrationClient(InlineWorkflowHost host, TimeProvider clock) : IOrchestrationClient
{
    private readonly ConcurrentDictionary<string, Instance> _runs = new(StringComparer.Ordinal);

    /// <summary>Completes when the run has ended (however it ended).</summary>
    public Task WhenEnded(string runId) => _runs[runId].Ended;

    public Task<bool> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        var json = JsonDataConverter.Default.Serialize(input)!;
        var now = clock.GetUtcNow();
        var instance = new Instance(instanceId, orchestratorName, json, now) { Updated = now };
        if (!_runs.TryAdd(instanceId, instance))
        {
            return Task.FromResult(false);
        }

        instance.Ended = Task.Run(async () =>
        {
            instance.Status = InstanceStatus.Running;
            try
            {
                var output = await host.RunAsync(JsonDataConverter.Default.Deserialize<RunInput>(json)!);
                instance.Output = JsonDataConverter.Default.Serialize(output);
                instance.Status = InstanceStatus.Completed;
            }
            catch (Exception ex)
            {
                instance.Failure = ex.Message;
                instance.Status = InstanceStatus.Failed;
            }

            instance.Updated = clock.GetUtcNow();
        });
        return Task.FromResult(true);
    }

    public Task<InstanceSnapshot?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellationToken = default)
    {
        if (_runs.TryGetValue(instanceId, out var run))
        {
            return Task.FromResult<InstanceSnapshot?>(run.Snapshot(Status(instanceId)));
        }

        return Task.FromResult<InstanceSnapshot?>(host.CustomStatus(instanceId) is { } status
            ? new InstanceSnapshot(instanceId, WorkflowNames.GroupOrchestrator, InstanceStatus.Running, clock.GetUtcNow(), clock.GetUtcNow(), SerializedCustomStatus: JsonDataConverter.Default.Serialize(status))
            : null);
    }

    public async IAsyncEnumerable<InstanceSnapshot> GetAllInstancesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var run in _runs.Values.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            await Task.Yield();
            yield return run.Snapshot(Status(run.Id)) with { SerializedInput = null };
        }
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload, CancellationToken cancellationToken = default)
    {
        host.RaiseEvent(instanceId, eventName);
        return Task.CompletedTask;
    }

    private string? Status(string instanceId) => host.CustomStatus(instanceId) is { } status ? JsonDataConverter.Default.Serialize(status) : null;

    private sealed class Instance(string id, string name, string input, DateTimeOffset created)
    {
        public string Id { get; } = id;

        public volatile InstanceStatus Status = InstanceStatus.Pending;

        public Task Ended { get; set; } = Task.CompletedTask;

        public string? Output { get; set; }

        public string? Failure { get; set; }

        public DateTimeOffset Updated { get; set; }

        public InstanceSnapshot Snapshot(string? customStatus) =>
            new(Id, name, Status, created, Updated, input, Output, customStatus, Failure);
    }
}
