using CloudFreq.Functions.Hosting;
using CloudFreq.Orchestrations.Cloud;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Workers;

/// <summary>
/// Runs the marker poller (when enabled) and the sweep at start and then every <see cref="CloudOptions.SweepInterval"/>;
/// in the one-shot <c>sweep</c> role it runs one pass and stops the host, marking <see cref="HostRunOutcome"/>
/// failed when a job failed.
/// </summary>
public sealed class SweepService(SweepJobs jobs, CloudOptions options, CloudHostSettings settings, IHostApplicationLifetime lifetime, HostRunOutcome outcome, ILogger<SweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = settings.MarkerPoller ? jobs.PollMarkers : null;
        var oneShot = settings.Role.IsOneShot();
        logger.LogInformation("Sweep {Schedule}; marker poller {Poller}", oneShot ? "once" : $"every {options.SweepInterval}", poll is null ? "off" : "on");
        using var timer = new PeriodicTimer(options.SweepInterval);
        do
        {
            var ok = poll is null || await RunAsync("marker poller", poll, stoppingToken).ConfigureAwait(false);
            ok &= await RunAsync("sweep", jobs.Sweep, stoppingToken).ConfigureAwait(false);
            if (oneShot)
            {
                logger.LogInformation("One sweep pass done ({Outcome}); stopping", ok ? "succeeded" : "failed");
                if (!ok)
                {
                    outcome.MarkFailed();
                }

                lifetime.StopApplication();
                return;
            }
        }
        while (await Ticks.NextAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Runs one job; false when it failed (logged; a periodic host tries again next interval).</summary>
    private async Task<bool> RunAsync(string name, Func<CancellationToken, Task> job, CancellationToken stoppingToken)
    {
        try
        {
            await job(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The {Job} failed; it runs again in {Interval}", name, options.SweepInterval);
            return false;
        }
    }
}
