using CloudFreq.Functions.Hosting;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Workers;

/// <summary>Runs the marker poller (when enabled) and the sweep at start and then every <see cref="CloudOptions.SweepInterval"/>.</summary>
public sealed class SweepService(SweepJobs jobs, CloudOptions options, CloudHostSettings settings, ILogger<SweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = settings.MarkerPoller ? jobs.PollMarkers : null;
        logger.LogInformation("Sweep every {Interval}; marker poller {Poller}", options.SweepInterval, poll is null ? "off" : "on");
        using var timer = new PeriodicTimer(options.SweepInterval);
        do
        {
            if (poll is not null)
            {
                await RunAsync("marker poller", poll, stoppingToken).ConfigureAwait(false);
            }

            await RunAsync("sweep", jobs.Sweep, stoppingToken).ConfigureAwait(false);
        }
        while (await Ticks.NextAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task RunAsync(string name, Func<CancellationToken, Task> job, CancellationToken stoppingToken)
    {
        try
        {
            await job(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The {Job} failed; it runs again in {Interval}", name, options.SweepInterval);
        }
    }
}
