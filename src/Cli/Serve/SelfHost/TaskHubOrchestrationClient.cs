using System.Runtime.CompilerServices;
using CloudFreq.Orchestrations.Ports;
using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve.SelfHost;

/// <summary>
/// The runs API's orchestration port over DurableTask.Core's <see cref="TaskHubClient"/> and the Azure
/// Storage service. Inputs and event payloads go through the System.Text.Json converter the worker's
/// shims use (DurableTask.Core's default is Newtonsoft), so orchestrators read them back.
/// </summary>
public sealed class TaskHubOrchestrationClient : IOrchestrationClient
{
    // Never restart an existing instance: a second start with the same id is a no-op.
    private static readonly OrchestrationStatus[] DedupeStatuses =
    [
        OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.ContinuedAsNew, OrchestrationStatus.Completed,
        OrchestrationStatus.Failed, OrchestrationStatus.Canceled, OrchestrationStatus.Terminated, OrchestrationStatus.Suspended,
    ];

    private const int QueryPageSize = 500;
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubClient _client;

    public TaskHubOrchestrationClient(AzureStorageOrchestrationService service, ILoggerFactory loggers)
    {
        _service = service;
        _client = new TaskHubClient(service, SystemTextJsonDataConverter.Instance, loggers);
    }

    public async Task<bool> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.CreateOrchestrationInstanceAsync(orchestratorName, string.Empty, instanceId, input, null, DedupeStatuses).ConfigureAwait(false);
            return true;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return false;
        }
    }

    public async Task<InstanceSnapshot?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellationToken = default)
    {
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs).ConfigureAwait(false);
        var state = states?.FirstOrDefault();
        return state is null ? null : ToSnapshot(state);
    }

    public async IAsyncEnumerable<InstanceSnapshot> GetAllInstancesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var page = await _service.GetOrchestrationStateAsync(
                new OrchestrationInstanceStatusQueryCondition { FetchInput = false },
                QueryPageSize,
                continuation,
                cancellationToken).ConfigureAwait(false);
            foreach (var state in page.OrchestrationState)
            {
                yield return ToSnapshot(state);
            }

            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (continuation is not null);
    }

    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload, CancellationToken cancellationToken = default) =>
        _client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);

    private static InstanceSnapshot ToSnapshot(OrchestrationState state) => new(
        state.OrchestrationInstance.InstanceId,
        state.Name,
        state.OrchestrationStatus switch
        {
            OrchestrationStatus.Pending => InstanceStatus.Pending,
            OrchestrationStatus.Running => InstanceStatus.Running,
            OrchestrationStatus.ContinuedAsNew => InstanceStatus.ContinuedAsNew,
            OrchestrationStatus.Completed => InstanceStatus.Completed,
            OrchestrationStatus.Failed => InstanceStatus.Failed,
            OrchestrationStatus.Canceled => InstanceStatus.Canceled,
            OrchestrationStatus.Terminated => InstanceStatus.Terminated,
            OrchestrationStatus.Suspended => InstanceStatus.Suspended,
            _ => InstanceStatus.Running,
        },
        new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        state.Input,
        state.OrchestrationStatus == OrchestrationStatus.Failed ? null : state.Output,
        state.Status,
        state.OrchestrationStatus == OrchestrationStatus.Failed ? state.FailureDetails?.ErrorMessage ?? state.Output : null);
}
