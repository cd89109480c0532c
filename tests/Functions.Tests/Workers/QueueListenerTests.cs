using CloudFreq.Functions.Observability;
using CloudFreq.Functions.Tests.Fakes;
using CloudFreq.Functions.Workers;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudFreq.Functions.Tests.Workers;

[Collection(TimingSensitiveCollection.Name)]
public sealed class QueueListenerTests : IDisposable
{
    private readonly FakeWorkQueue _queue = new("items");
    private readonly FakeWorkQueue _poison = new("poison");
    private readonly HostTelemetry _telemetry = new();

    private static CloudOptions Options(int maxDequeue = 5, int concurrency = 1, int visibilityMs = 300) => new()
    {
        VisibilityTimeout = TimeSpan.FromMilliseconds(visibilityMs),
        MaxDequeueCount = maxDequeue,
        QueueBatchSize = 4,
        WorkerConcurrency = concurrency,
        PollInterval = TimeSpan.FromMilliseconds(10),
    };

    private QueueListener<ScriptedHandler> Listener(ScriptedHandler handler, CloudOptions options) =>
        new(handler, _poison, options, _telemetry, NullLogger.Instance) { ReleaseGrace = TimeSpan.FromSeconds(2) };

    public void Dispose() => _telemetry.Dispose();

    [Fact]
    public async Task Success_DeletesEachMessageOnce()
    {
        var handler = new ScriptedHandler(_queue, (_, _) => Task.CompletedTask);
        _queue.Add("a");
        _queue.Add("b");
        _queue.Add("c");
        using var listener = Listener(handler, Options());
        await listener.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => _queue.Count == 0, "queue drained");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(["a", "b", "c"], handler.Handled.Select(m => m.Body).Order());
        Assert.Equal(3, _queue.Deleted.Count);
        Assert.Empty(_poison.Sent);
    }

    [Fact]
    public async Task Failure_LeavesMessage_WhichComesBackAndSucceeds()
    {
        var attempts = 0;
        var handler = new ScriptedHandler(_queue, (_, _) =>
            Interlocked.Increment(ref attempts) <= 2 ? throw new InvalidOperationException("transient " + attempts) : Task.CompletedTask);
        var id = _queue.Add("item");
        using var listener = Listener(handler, Options(visibilityMs: 150));
        await listener.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => _queue.Count == 0, "message deleted after retries");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(3, handler.Handled.Count);
        Assert.Equal([1L, 2L, 3L], handler.Handled.Select(m => m.DequeueCount));
        Assert.Equal([id], _queue.Deleted);
        Assert.Null(listener.LastError(id));
        Assert.Empty(handler.Poisoned);
    }

    [Fact]
    public async Task Failure_RemembersLastError_UntilPoison()
    {
        var handler = new ScriptedHandler(_queue, (m, _) => throw new InvalidOperationException($"boom on delivery {m.DequeueCount}"));
        var id = _queue.Add("doomed");
        using var listener = Listener(handler, Options(maxDequeue: 2, visibilityMs: 150));
        await listener.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => !handler.Poisoned.IsEmpty && _queue.Count == 0, "poison handled and message deleted");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(2, handler.Handled.Count);
        var (message, lastError) = Assert.Single(handler.Poisoned);
        Assert.Equal(id, message.MessageId);
        Assert.Equal(3, message.DequeueCount);
        Assert.Contains("boom on delivery 2", lastError, StringComparison.Ordinal);
        Assert.Equal(["doomed"], _poison.Sent);
        Assert.Null(listener.LastError(id));
    }

    [Fact]
    public async Task Poison_AlreadyOverTheLimit_GoesStraightToPoisonWithoutHandling()
    {
        var handler = new ScriptedHandler(_queue, (_, _) => Task.CompletedTask);
        _queue.Add("old", dequeueCount: 5);
        using var listener = Listener(handler, Options(maxDequeue: 5));
        await listener.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => _queue.Count == 0, "poison message removed");
        await listener.StopAsync(CancellationToken.None);

        Assert.Empty(handler.Handled);
        var (_, lastError) = Assert.Single(handler.Poisoned);
        Assert.Null(lastError);
        Assert.Equal(["old"], _poison.Sent);
    }

    [Fact]
    public async Task Heartbeat_ExtendsTheLeaseOfASlowHandler()
    {
        // The handler runs until it has seen three renewals of its own lease (bounded, so a missing
        // heartbeat fails instead of hanging), rather than for a fixed time: on a loaded CI machine a
        // timer may fire late, and the test must not depend on how many renewals fit into a second.
        string? id = null;
        int Renewals() => _queue.VisibilityChanges.Count(c => c.MessageId == id && c.Visibility == TimeSpan.FromMilliseconds(1500));
        var handler = new ScriptedHandler(_queue, (_, _) => Eventually.TrueAsync(() => Renewals() >= 3, "three lease renewals", timeoutMs: 30_000));
        id = _queue.Add("slow");

        // Concurrency 2 leaves the listener free to receive again: a lapsed lease would be handled twice.
        using var listener = Listener(handler, Options(concurrency: 2, visibilityMs: 1500));
        await listener.StartAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => _queue.Count == 0, "slow message deleted", timeoutMs: 40_000);
        await listener.StopAsync(CancellationToken.None);

        Assert.Single(handler.Handled);
        Assert.True(Renewals() >= 3, $"{Renewals()} lease renewals");
        Assert.Equal([id], _queue.Deleted);
    }

    [Fact]
    public async Task Concurrency_RunsUpToWorkerConcurrencyAtOnce()
    {
        var handler = new ScriptedHandler(_queue, (_, ct) => Task.Delay(150, ct));
        for (var i = 0; i < 6; i++)
        {
            _queue.Add("m" + i);
        }

        using var listener = Listener(handler, Options(concurrency: 2, visibilityMs: 3000));
        await listener.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _queue.Count == 0, "all handled");
        await listener.StopAsync(CancellationToken.None);

        Assert.Equal(2, handler.MaxConcurrent);
        Assert.Equal(6, handler.Handled.Count);
    }

    [Fact]
    public async Task Stop_WithinShutdownTimeout_FinishesTheHandlerInProgress()
    {
        using var started = new SemaphoreSlim(0);
        var handler = new ScriptedHandler(_queue, async (_, ct) =>
        {
            started.Release();
            await Task.Delay(300, ct);
        });
        var id = _queue.Add("finish-me");
        using var listener = Listener(handler, Options(visibilityMs: 3000));
        await listener.StartAsync(CancellationToken.None);
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(5)));

        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await listener.StopAsync(shutdown.Token);

        Assert.Single(handler.Completed);
        Assert.Equal([id], _queue.Deleted);
        Assert.DoesNotContain(_queue.VisibilityChanges, c => c.Visibility == TimeSpan.Zero);
    }

    [Fact]
    public async Task Stop_PastShutdownTimeout_ReleasesTheLease()
    {
        using var started = new SemaphoreSlim(0);
        var handler = new ScriptedHandler(_queue, async (_, ct) =>
        {
            started.Release();
            await Task.Delay(Timeout.Infinite, ct);
        });
        var id = _queue.Add("release-me");
        using var listener = Listener(handler, Options(visibilityMs: 60_000));
        await listener.StartAsync(CancellationToken.None);
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(_queue.IsVisible(id));

        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await listener.StopAsync(shutdown.Token);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"stop took {watch.Elapsed}");
        Assert.Empty(handler.Completed);
        Assert.Empty(_queue.Deleted);
        Assert.Contains(_queue.VisibilityChanges, c => c.MessageId == id && c.Visibility == TimeSpan.Zero);
        Assert.True(_queue.IsVisible(id), "released message is visible again for another worker");
    }

    [Fact]
    public async Task ReceiveFailure_IsRetried()
    {
        var failing = new FlakyQueue(_queue, failures: 3);
        var handler = new ScriptedHandler(failing, (_, _) => Task.CompletedTask);
        _queue.Add("x");
        using var listener = Listener(handler, Options());
        await listener.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _queue.Count == 0, "handled after receive failures");
        await listener.StopAsync(CancellationToken.None);
        Assert.Single(handler.Handled);
    }

    private sealed class FlakyQueue(FakeWorkQueue inner, int failures) : IWorkQueue
    {
        private int _failures = failures;

        public string Name => inner.Name;

        public Task EnsureExistsAsync(CancellationToken cancellationToken = default) => inner.EnsureExistsAsync(cancellationToken);

        public Task SendAsync(string body, TimeSpan? delay = null, CancellationToken cancellationToken = default) => inner.SendAsync(body, delay, cancellationToken);

        public Task<IReadOnlyList<QueueMessageLease>> ReceiveAsync(int maxMessages, TimeSpan visibility, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref _failures) >= 0 ? throw new IOException("storage unavailable") : inner.ReceiveAsync(maxMessages, visibility, cancellationToken);

        public Task DeleteAsync(QueueMessageLease lease, CancellationToken cancellationToken = default) => inner.DeleteAsync(lease, cancellationToken);

        public Task<QueueMessageLease?> SetVisibilityAsync(QueueMessageLease lease, TimeSpan visibility, CancellationToken cancellationToken = default) =>
            inner.SetVisibilityAsync(lease, visibility, cancellationToken);

        public Task<int> ApproximateCountAsync(CancellationToken cancellationToken = default) => inner.ApproximateCountAsync(cancellationToken);
    }
}
