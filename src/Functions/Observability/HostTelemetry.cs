using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CloudFreq.Functions.Observability;

/// <summary>
/// The host's own traces and metrics (meter and activity source <c>CloudFreq.Host</c>): messages
/// handled per queue and outcome (items/s is the rate of the items queue's successes), handler
/// durations, failures, and the queue lag (approximate message counts, sampled).
/// </summary>
public sealed class HostTelemetry : IDisposable
{
    public const string MeterName = "CloudFreq.Host";
    public const string ActivitySourceName = "CloudFreq.Host";

    /// <summary>The workflow's activity source and meter (Orchestrations).</summary>
    public const string WorkflowName = "CloudFreq.Workflow";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;
    private readonly Dictionary<string, long> _lag = new(StringComparer.Ordinal);
    private readonly Lock _lagLock = new();

    public HostTelemetry(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _messages = _meter.CreateCounter<long>("cloudfreq.host.messages", "{message}", "Queue messages handled, by queue and outcome (success, failure, poison, released).");
        _failures = _meter.CreateCounter<long>("cloudfreq.host.failures", "{message}", "Handler failures, by queue.");
        _duration = _meter.CreateHistogram<double>("cloudfreq.host.message.duration", "s", "Time a handler took, by queue.");
        _meter.CreateObservableGauge("cloudfreq.host.queue.lag", ObserveLag, "{message}", "Approximate messages waiting, by queue.");
    }

    public void MessageHandled(string queue, string outcome, TimeSpan duration)
    {
        var queueTag = new KeyValuePair<string, object?>("queue", queue);
        _messages.Add(1, queueTag, new KeyValuePair<string, object?>("outcome", outcome));
        _duration.Record(duration.TotalSeconds, queueTag);
        if (outcome is "failure" or "poison")
        {
            _failures.Add(1, queueTag);
        }
    }

    public void SetQueueLag(string queue, long count)
    {
        lock (_lagLock)
        {
            _lag[queue] = count;
        }
    }

    public long? QueueLag(string queue)
    {
        lock (_lagLock)
        {
            return _lag.TryGetValue(queue, out var value) ? value : null;
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        lock (_lagLock)
        {
            return [.. _lag.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("queue", p.Key)))];
        }
    }
}
