namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// How the cloud workflow uses its queues (the <c>extensions.queues</c> section of host.json) and
/// where a worker caches the datasets and models it downloads.
/// </summary>
public sealed record CloudOptions
{
    /// <summary>How long a received message stays invisible; workers extend it while an item runs.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Deliveries after which a message is poison: its item becomes a recorded failure.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Messages fetched per receive call.</summary>
    public int QueueBatchSize { get; init; } = 4;

    /// <summary>Work items a worker process computes at once.</summary>
    public int WorkerConcurrency { get; init; } = 1;

    /// <summary>How often the sweep repairs lost messages and the local poller looks for markers.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an idle listener waits before polling an empty queue again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Local folder for downloaded datasets and models (content-addressed, shared by runs).</summary>
    public string CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "cloudfreq-cache");
}
