using CloudFreq.Functions.Hosting;
using CloudFreq.Functions.Observability;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Workers;

/// <summary>
/// Creates the queues and tables at start (when storage ports are registered), then, in worker
/// roles, samples the queues' approximate lengths for the queue lag gauge.
/// </summary>
public sealed class HostStartupService(CloudHostSettings settings, HostTelemetry telemetry, ILogger<HostStartupService> logger, CloudPorts? ports = null) : BackgroundService
{
    public static readonly TimeSpan LagSampleInterval = TimeSpan.FromSeconds(15);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (ports is not null)
        {
            await ports.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Storage ready: queues and tables exist");
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (ports is null || !settings.Role.HasFlag(CloudHostRole.Listeners))
        {
            return;
        }

        using var timer = new PeriodicTimer(LagSampleInterval);
        do
        {
            foreach (var queue in new[] { ports.Trigger, ports.Control, ports.Items })
            {
                try
                {
                    telemetry.SetQueueLag(queue.Name, await queue.ApproximateCountAsync(stoppingToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogDebug(ex, "Sampling the length of queue {Queue} failed", queue.Name);
                }
            }
        }
        while (await Ticks.NextAsync(timer, stoppingToken).ConfigureAwait(false));
    }
}
