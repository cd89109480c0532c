using CloudFreq.Core;
using CloudFreq.Orchestrations.Cloud;

namespace CloudFreq.Functions.Hosting;

/// <summary>
/// The <c>extensions.queues</c> section of host.json (overridable through environment variables
/// such as <c>extensions__queues__batchSize</c>), checked and turned into <see cref="CloudOptions"/>.
/// </summary>
public sealed class QueueHostOptions
{
    public const string SectionName = "extensions:queues";

    /// <summary>Messages fetched per receive call (Azure Queue Storage allows 1 to 32).</summary>
    public int BatchSize { get; set; } = 4;

    /// <summary>How long a received message stays invisible; extended while its handler runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Deliveries after which a message is poison.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages one worker process handles at once.</summary>
    public int WorkerConcurrency { get; set; } = 1;

    /// <summary>How often the sweep (and the local marker poller) runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an idle listener waits before polling an empty queue again.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Local cache of downloaded datasets and models; the system temp folder when empty.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Checks every value; the host refuses to start with a message naming the setting otherwise.</summary>
    public CloudOptions ToCloudOptions()
    {
        Check(BatchSize is >= 1 and <= 32, "batchSize", $"must be between 1 and 32, got {BatchSize}");
        Check(VisibilityTimeout >= TimeSpan.FromSeconds(1) && VisibilityTimeout <= TimeSpan.FromDays(7), "visibilityTimeout", $"must be between 1 second and 7 days, got {VisibilityTimeout}");
        Check(MaxDequeueCount is >= 1 and <= 1000, "maxDequeueCount", $"must be between 1 and 1000, got {MaxDequeueCount}");
        Check(WorkerConcurrency is >= 1 and <= 256, "workerConcurrency", $"must be between 1 and 256, got {WorkerConcurrency}");
        Check(SweepInterval >= TimeSpan.FromSeconds(1) && SweepInterval <= TimeSpan.FromDays(1), "sweepInterval", $"must be between 1 second and 1 day, got {SweepInterval}");
        Check(PollInterval >= TimeSpan.FromMilliseconds(10) && PollInterval <= TimeSpan.FromMinutes(5), "pollInterval", $"must be between 10 ms and 5 minutes, got {PollInterval}");
        var options = new CloudOptions
        {
            QueueBatchSize = BatchSize,
            VisibilityTimeout = VisibilityTimeout,
            MaxDequeueCount = MaxDequeueCount,
            WorkerConcurrency = WorkerConcurrency,
            SweepInterval = SweepInterval,
            PollInterval = PollInterval,
        };
        return string.IsNullOrWhiteSpace(CacheDirectory) ? options : options with { CacheDirectory = Path.GetFullPath(CacheDirectory) };
    }

    private static void Check(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new CloudFreqException($"{SectionName}:{name} {message}.");
        }
    }
}
