using System.Runtime.CompilerServices;
using CloudFreq.Orchestrations.Ports;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CloudFreq.Functions.Durable;

/// <summary>
/// The runs API's orchestration port over the Functions Durable client (<c>[DurableClient] DurableTaskClient</c>).
/// Inputs and payloads go through the client's own data converter, the one the app's orchestrators read with.
/// </summary>
public sealed class DurableTaskClientPort(DurableTaskClient client) : IOrchestrationClient
{
    // Never restart an instance that exists in any state: a second start with the same id is a no-op.
    private static readonly OrchestrationRuntimeStatus[] DedupeStatuses =
    [
        OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated, OrchestrationRuntimeStatus.Suspended,
    ];

    private const int QueryPageSize = 500;

    public async Task<bool> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        // The backend refuses a duplicate id (dedupe statuses); the read first keeps that refusal the rare race.
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(DedupeStatuses);
            await client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The refusal's type depends on the backend and transport (an RpcException over the host's gRPC channel):
            // whatever it was, the instance existing now means another starter of the same id won the race.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            throw;
        }
    }

    public async Task<InstanceSnapshot?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellationToken = default)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false);
        return metadata is null ? null : ToSnapshot(metadata);
    }

    public async IAsyncEnumerable<InstanceSnapshot> GetAllInstancesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = new OrchestrationQuery { PageSize = QueryPageSize, FetchInputsAndOutputs = false };
        await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return ToSnapshot(metadata);
        }
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload, CancellationToken cancellationToken = default) =>
        client.RaiseEventAsync(instanceId, eventName, eventPayload, cancellationToken);

    internal static InstanceSnapshot ToSnapshot(OrchestrationMetadata metadata) => new(
        metadata.InstanceId,
        metadata.Name,
        metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => InstanceStatus.Pending,
            OrchestrationRuntimeStatus.Running => InstanceStatus.Running,
            OrchestrationRuntimeStatus.Completed => InstanceStatus.Completed,
            OrchestrationRuntimeStatus.Failed => InstanceStatus.Failed,
            OrchestrationRuntimeStatus.Terminated => InstanceStatus.Terminated,
            OrchestrationRuntimeStatus.Suspended => InstanceStatus.Suspended,
#pragma warning disable CS0618 // Canceled and ContinuedAsNew are obsolete in the client but still reported by older backends.
            OrchestrationRuntimeStatus.Canceled => InstanceStatus.Canceled,
            OrchestrationRuntimeStatus.ContinuedAsNew => InstanceStatus.ContinuedAsNew,
#pragma warning restore CS0618
            _ => InstanceStatus.Running,
        },
        metadata.CreatedAt,
        metadata.LastUpdatedAt,
        metadata.SerializedInput,
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? null : metadata.SerializedOutput,
        metadata.SerializedCustomStatus,
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? metadata.FailureDetails?.ErrorMessage ?? metadata.SerializedOutput : null);
}
