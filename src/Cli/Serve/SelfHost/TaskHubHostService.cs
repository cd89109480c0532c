using CloudFreq.Orchestrations.Workflow;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve.SelfHost;

/// <summary>
/// Self-hosts the workflow: creates the task hub in the storage account when missing and, in worker
/// roles, runs DurableTask.Core's <see cref="TaskHubWorker"/> over it with the workflow's orchestrators
/// and activities. Several hosts on one hub share its partitions (orchestrations) and its work-item
/// queue (activities). At shutdown the worker stops taking work and lets running activities finish.
/// </summary>
public sealed partial class TaskHubHostService(
    AzureStorageOrchestrationService service,
    string hubName,
    CloudHostSettings settings,
    Func<WorkflowServices> workflow,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<TaskHubHostService>();
    private TaskHubWorker? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!settings.Role.HasFlag(CloudHostRole.Worker))
        {
            LogReady(_logger, hubName, "client only");
            return;
        }

        _worker = new TaskHubWorker(service, loggers);
        WorkflowRegistrations.Register(_worker, workflow(), loggers);
        await _worker.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        LogReady(_logger, hubName, "worker");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is { } worker)
        {
            _worker = null;
            try
            {
                await worker.StopAsync(isForced: false).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout ran out: unfinished work items come back to another host.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;
            await worker.StopAsync(isForced: true).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task hub {Hub} ready ({Mode}).")]
    private static partial void LogReady(ILogger logger, string hub, string mode);
}
