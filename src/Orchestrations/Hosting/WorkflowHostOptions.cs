using CloudFreq.Core;
using CloudFreq.Orchestrations.Workflow;

namespace CloudFreq.Orchestrations.Hosting;

/// <summary>
/// How runs fan out and where a worker caches inputs: the <c>cloudfreq:workflow</c> section of host.json
/// (environment: <c>cloudfreq__workflow__window</c> and so on).
/// </summary>
public sealed class WorkflowHostOptions
{
    public const string SectionName = "cloudfreq:workflow";

    /// <summary>Work items in flight per (dataset, model) group.</summary>
    public int Window { get; set; } = 16;

    /// <summary>Deliveries of an item that fails transiently before it is reported failed.</summary>
    public int ItemAttempts { get; set; } = 5;

    /// <summary>Back-off before the second delivery (doubled each time, at most a minute).</summary>
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Items a group schedules before it continues as new (keeps its history short).</summary>
    public int ItemsPerExecution { get; set; } = 500;

    /// <summary>How often the marker poller lists <c>datasets/</c> (when it is on).</summary>
    public TimeSpan MarkerPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Local cache of downloaded datasets and models; the system temp folder when empty.</summary>
    public string? CacheDirectory { get; set; }

    public string ResolvedCacheDirectory => string.IsNullOrWhiteSpace(CacheDirectory)
        ? Path.Combine(Path.GetTempPath(), "cloudfreq-cache")
        : Path.GetFullPath(CacheDirectory);

    /// <summary>Checks every value; the host refuses to start with a message naming the setting otherwise.</summary>
    public WorkflowSettings ToSettings()
    {
        Check(Window is >= 1 and <= 1000, "window", $"must be between 1 and 1000, got {Window}");
        Check(ItemAttempts is >= 1 and <= 100, "itemAttempts", $"must be between 1 and 100, got {ItemAttempts}");
        Check(FirstRetryInterval >= TimeSpan.FromMilliseconds(100) && FirstRetryInterval <= TimeSpan.FromHours(1), "firstRetryInterval", $"must be between 100 ms and 1 hour, got {FirstRetryInterval}");
        Check(ItemsPerExecution is >= 10 and <= 10_000, "itemsPerExecution", $"must be between 10 and 10000, got {ItemsPerExecution}");
        Check(MarkerPollInterval >= TimeSpan.FromMilliseconds(100), "markerPollInterval", $"must be at least 100 ms, got {MarkerPollInterval}");
        return new WorkflowSettings(Window, ItemAttempts, FirstRetryInterval.TotalSeconds, ItemsPerExecution);
    }

    private static void Check(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new CloudFreqException($"{SectionName}:{name} {message}.");
        }
    }
}
