using System.Runtime.CompilerServices;
using CloudFreq.Orchestrations.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CloudFreq.Functions.Tests.Fakes;

/// <summary>
/// A <see cref="DurableTaskClient"/> (what the Functions host hands to <c>[DurableClient]</c>) over a test
/// orchestration backend: the inline workflow host, or a recording fake. Records every start it is asked for.
/// </summary>
internal sealed class PortDurableTaskClient(IOrchestrationClient backend) : DurableTaskClient("test")
{
    public List<(string Name, string InstanceId)> Starts { get; } = [];

    public List<(string InstanceId, string EventName)> Events { get; } = [];

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var id = options?.InstanceId ?? throw new InvalidOperationException("the app always names its instances");
        lock (Starts)
        {
            Starts.Add((orchestratorName.Name, id));
        }

        if (!await backend.ScheduleNewOrchestrationInstanceAsync(orchestratorName.Name, id, input!, cancellation))
        {
            // What the backends answer when the id exists in a dedupe status.
            throw new InvalidOperationException($"an orchestration with instance id '{id}' already exists");
        }

        return id;
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await backend.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation) is { } snapshot ? ToMetadata(snapshot) : null;

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create((continuation, size, cancellation) => PageAsync(cancellation));

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        lock (Events)
        {
            Events.Add((instanceId, eventName));
        }

        return backend.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Page<OrchestrationMetadata>> PageAsync(CancellationToken cancellation)
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var snapshot in backend.GetAllInstancesAsync(cancellation))
        {
            all.Add(ToMetadata(snapshot));
        }

        return new Page<OrchestrationMetadata>(all, null);
    }

    private static OrchestrationMetadata ToMetadata(InstanceSnapshot snapshot) => new(snapshot.Name, snapshot.InstanceId)
    {
        RuntimeStatus = snapshot.RuntimeStatus switch
        {
            InstanceStatus.Pending => OrchestrationRuntimeStatus.Pending,
            InstanceStatus.Running => OrchestrationRuntimeStatus.Running,
            InstanceStatus.Completed => OrchestrationRuntimeStatus.Completed,
            InstanceStatus.Failed => OrchestrationRuntimeStatus.Failed,
            InstanceStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
            InstanceStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
            _ => OrchestrationRuntimeStatus.Running,
        },
        CreatedAt = snapshot.CreatedAt,
        LastUpdatedAt = snapshot.LastUpdatedAt,
        SerializedInput = snapshot.SerializedInput,
        SerializedOutput = snapshot.SerializedOutput,
        SerializedCustomStatus = snapshot.SerializedCustomStatus,
        FailureDetails = snapshot.FailureMessage is { } message ? new TaskFailureDetails("Failure", message, null, null, null) : null,
    };
}
