using System.Collections.Concurrent;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Functions.Tests.Fakes;

/// <summary>A queue handler whose work is a delegate; records every call.</summary>
internal sealed class ScriptedHandler(IWorkQueue queue, Func<QueueMessageLease, CancellationToken, Task> handle) : IQueueMessageHandler
{
    private int _running;
    private int _maxRunning;

    public IWorkQueue Queue { get; } = queue;

    public ConcurrentQueue<QueueMessageLease> Handled { get; } = new();

    public ConcurrentQueue<QueueMessageLease> Completed { get; } = new();

    public ConcurrentQueue<(QueueMessageLease Message, string? LastError)> Poisoned { get; } = new();

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public async Task HandleAsync(QueueMessageLease message, CancellationToken cancellationToken)
    {
        Handled.Enqueue(message);
        var now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
        {
        }

        try
        {
            await handle(message, cancellationToken);
            Completed.Enqueue(message);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public Task HandlePoisonAsync(QueueMessageLease message, string? lastError, CancellationToken cancellationToken)
    {
        Poisoned.Enqueue((message, lastError));
        return Task.CompletedTask;
    }
}
