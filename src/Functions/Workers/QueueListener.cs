using System.Collections.Concurrent;
using System.Diagnostics;
using CloudFreq.Functions.Observability;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Functions.Workers;

/// <summary>
/// Feeds one queue to its <see cref="IQueueMessageHandler"/> (the host's side of the contract in
/// IQueueMessageHandler's remarks): receives up to <see cref="CloudOptions.QueueBatchSize"/> messages
/// with the visibility timeout, runs up to <see cref="CloudOptions.WorkerConcurrency"/> at once,
/// extends each lease every third of the visibility timeout while its handler runs, deletes a
/// message when its handler returns and leaves it (to come back) when it throws, remembering the
/// error for the poison step. A message delivered more than <see cref="CloudOptions.MaxDequeueCount"/>
/// times goes to <see cref="IQueueMessageHandler.HandlePoisonAsync"/>, is copied to the poison queue
/// and deleted. On stop no new message is received; handlers in progress may finish until the
/// host's shutdown timeout, after which they are cancelled and their leases released (visible
/// again at once) so another worker takes them.
/// </summary>
public sealed class QueueListener<THandler> : BackgroundService
    where THandler : IQueueMessageHandler
{
    /// <summary>Errors longer than this are cut before being kept for the poison step.</summary>
    public const int MaxErrorLength = 4096;

    private const int MaxRememberedErrors = 10_000;

    private readonly THandler _handler;
    private readonly IWorkQueue _queue;
    private readonly IWorkQueue _poison;
    private readonly CloudOptions _options;
    private readonly HostTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<string, string> _lastErrors = new(StringComparer.Ordinal);

    public QueueListener(THandler handler, CloudPorts ports, CloudOptions options, HostTelemetry telemetry, ILogger<QueueListener<THandler>> logger)
        : this(handler, ports.Poison, options, telemetry, logger)
    {
    }

    internal QueueListener(THandler handler, IWorkQueue poison, CloudOptions options, HostTelemetry telemetry, ILogger logger)
    {
        _handler = handler;
        _queue = handler.Queue;
        _poison = poison;
        _options = options;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>How long to wait, after the host's shutdown timeout, for cancelled handlers to release their leases.</summary>
    public TimeSpan ReleaseGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The last error of a message that failed and has not yet succeeded or turned poison (tests, diagnostics).</summary>
    public string? LastError(string messageId) => _lastErrors.TryGetValue(messageId, out var error) ? error : null;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host cancels cancellationToken when its shutdown timeout runs out: abort the handlers
        // then, so that their leases are released rather than left to expire.
        using var registration = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (ExecuteTask is { IsCompleted: false } running)
        {
            await running.WaitAsync(ReleaseGrace, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var concurrency = Math.Max(1, _options.WorkerConcurrency);
        var running = new List<Task>(concurrency);
        _logger.LogInformation("Listening on queue {Queue}: batch {BatchSize}, concurrency {Concurrency}, visibility {Visibility}, max dequeue {MaxDequeue}",
            _queue.Name, _options.QueueBatchSize, concurrency, _options.VisibilityTimeout, _options.MaxDequeueCount);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                var free = concurrency - running.Count;
                if (free <= 0)
                {
                    await ((Task)Task.WhenAny(running)).WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    continue;
                }

                IReadOnlyList<QueueMessageLease> batch;
                try
                {
                    batch = await _queue.ReceiveAsync(Math.Min(_options.QueueBatchSize, free), _options.VisibilityTimeout, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    _logger.LogWarning(ex, "Receiving from queue {Queue} failed; retrying after {PollInterval}", _queue.Name, _options.PollInterval);
                    await DelayAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (batch.Count == 0)
                {
                    await DelayAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                foreach (var message in batch)
                {
                    running.Add(ProcessAsync(message));
                }
            }
        }
        finally
        {
            // Handlers in progress finish, or are aborted at the shutdown timeout and release their leases.
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _logger.LogInformation("Stopped listening on queue {Queue}", _queue.Name);
        }
    }

    private async Task ProcessAsync(QueueMessageLease message)
    {
        if (message.DequeueCount > _options.MaxDequeueCount)
        {
            await PoisonAsync(message).ConfigureAwait(false);
            return;
        }

        using var activity = HostTelemetry.ActivitySource.StartActivity($"{_queue.Name} process", ActivityKind.Consumer);
        activity?.SetTag("messaging.destination.name", _queue.Name);
        activity?.SetTag("messaging.message.id", message.MessageId);
        activity?.SetTag("messaging.message.delivery_count", message.DequeueCount);
        var lease = new LeaseHolder(message);
        var started = Stopwatch.GetTimestamp();
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lease, heartbeatStop.Token);
        try
        {
            await _handler.HandleAsync(message, _abort.Token).ConfigureAwait(false);
            await StopHeartbeatAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            await DeleteAsync(lease.Current).ConfigureAwait(false);
            _lastErrors.TryRemove(message.MessageId, out _);
            _telemetry.MessageHandled(_queue.Name, "success", Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            await StopHeartbeatAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            await ReleaseAsync(lease.Current).ConfigureAwait(false);
            _telemetry.MessageHandled(_queue.Name, "released", Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex)
        {
            await StopHeartbeatAsync(heartbeatStop, heartbeat).ConfigureAwait(false);
            RememberError(message.MessageId, ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            _telemetry.MessageHandled(_queue.Name, "failure", Stopwatch.GetElapsedTime(started));
            _logger.LogWarning(ex, "Message {MessageId} of queue {Queue} failed (delivery {DequeueCount} of {MaxDequeue}); it comes back after its visibility timeout",
                message.MessageId, _queue.Name, message.DequeueCount, _options.MaxDequeueCount);
        }
    }

    private async Task PoisonAsync(QueueMessageLease message)
    {
        using var activity = HostTelemetry.ActivitySource.StartActivity($"{_queue.Name} poison", ActivityKind.Consumer);
        activity?.SetTag("messaging.message.id", message.MessageId);
        var started = Stopwatch.GetTimestamp();
        var lastError = LastError(message.MessageId);
        try
        {
            await _handler.HandlePoisonAsync(message, lastError, _abort.Token).ConfigureAwait(false);
            await _poison.SendAsync(message.Body, cancellationToken: _abort.Token).ConfigureAwait(false);
            await DeleteAsync(message).ConfigureAwait(false);
            _lastErrors.TryRemove(message.MessageId, out _);
            _telemetry.MessageHandled(_queue.Name, "poison", Stopwatch.GetElapsedTime(started));
            _logger.LogError("Message {MessageId} of queue {Queue} exceeded {MaxDequeue} deliveries and moved to {PoisonQueue}; last error: {LastError}",
                message.MessageId, _queue.Name, _options.MaxDequeueCount, _poison.Name, lastError ?? "(unknown)");
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            await ReleaseAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Left on the queue: the poison step is tried again on the next delivery.
            _logger.LogWarning(ex, "Poison handling of message {MessageId} of queue {Queue} failed", message.MessageId, _queue.Name);
        }
    }

    private async Task HeartbeatAsync(LeaseHolder lease, CancellationToken cancellationToken)
    {
        var period = _options.VisibilityTimeout / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, cancellationToken).ConfigureAwait(false);
                var renewed = await _queue.SetVisibilityAsync(lease.Current, _options.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
                if (renewed is null)
                {
                    _logger.LogWarning("Lease of message {MessageId} of queue {Queue} was lost; another delivery may run it too", lease.Current.MessageId, _queue.Name);
                    return;
                }

                lease.Current = renewed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Extending the lease of message {MessageId} of queue {Queue} failed", lease.Current.MessageId, _queue.Name);
        }
    }

    private static async Task StopHeartbeatAsync(CancellationTokenSource stop, Task heartbeat)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task DeleteAsync(QueueMessageLease lease)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _queue.DeleteAsync(lease, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Handlers are idempotent: a message that could not be deleted comes back and is acknowledged then.
            _logger.LogWarning(ex, "Deleting message {MessageId} of queue {Queue} failed", lease.MessageId, _queue.Name);
        }
    }

    private async Task ReleaseAsync(QueueMessageLease lease)
    {
        using var timeout = new CancellationTokenSource(ReleaseGrace);
        try
        {
            await _queue.SetVisibilityAsync(lease, TimeSpan.Zero, timeout.Token).ConfigureAwait(false);
            _logger.LogInformation("Released message {MessageId} of queue {Queue} at shutdown", lease.MessageId, _queue.Name);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Releasing message {MessageId} of queue {Queue} failed; it comes back after its visibility timeout", lease.MessageId, _queue.Name);
        }
    }

    private void RememberError(string messageId, Exception ex)
    {
        if (_lastErrors.Count >= MaxRememberedErrors)
        {
            _lastErrors.Clear();
        }

        var text = $"{ex.GetType().Name}: {ex.Message}";
        _lastErrors[messageId] = text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private sealed class LeaseHolder(QueueMessageLease lease)
    {
        private QueueMessageLease _current = lease;

        public QueueMessageLease Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }
    }
}
