using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve.SelfHost;

/// <summary>
/// Runs the <see cref="MarkerPoller"/> every interval: the upload trigger of <c>cloudfreq serve</c>
/// where no Event Grid feeds the host. A storage error is logged and the next pass tries again.
/// </summary>
public sealed partial class MarkerPollerService(MarkerPoller poller, WorkflowHostOptions options, TimeProvider clock, ILogger<MarkerPollerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.MarkerPollInterval, clock);
        do
        {
            try
            {
                await poller.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex.Message, ex);
            }
        }
        while (await NextAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marker poll failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error, Exception exception);
}
