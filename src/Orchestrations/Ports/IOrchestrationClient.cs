namespace CloudFreq.Orchestrations.Ports;

/// <summary>
/// The part of a Durable Task client the runs API needs, shaped like <c>DurableTaskClient</c>: the
/// Functions app adapts its <c>[DurableClient]</c>, <c>cloudfreq serve</c> adapts DurableTask.Core's
/// <c>TaskHubClient</c>. Inputs and event payloads are serialized by the adapter with the data
/// converter its workers use, so orchestrators read them back.
/// </summary>
public interface IOrchestrationClient
{
    /// <returns>False (nothing started) when an instance with <paramref name="instanceId"/> already exists.</returns>
    Task<bool> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default);

    /// <returns>Null when there is no such instance.</returns>
    Task<InstanceSnapshot?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellationToken = default);

    /// <summary>Every instance of the task hub, without inputs and outputs, in the store's order.</summary>
    IAsyncEnumerable<InstanceSnapshot> GetAllInstancesAsync(CancellationToken cancellationToken = default);

    Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload, CancellationToken cancellationToken = default);
}

/// <summary>The runtime status of an orchestration instance (Durable Task's names).</summary>
public enum InstanceStatus
{
    Pending,
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Canceled,
    Terminated,
    Suspended,
}

/// <summary>An orchestration instance as a client reads it; serialized values are JSON.</summary>
public sealed record InstanceSnapshot(
    string InstanceId,
    string Name,
    InstanceStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? SerializedInput = null,
    string? SerializedOutput = null,
    string? SerializedCustomStatus = null,
    string? FailureMessage = null);
