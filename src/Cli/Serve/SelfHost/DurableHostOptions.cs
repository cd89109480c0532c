using CloudFreq.Core;
using DurableTask.AzureStorage;

namespace CloudFreq.Cli.Serve.SelfHost;

/// <summary>
/// The task hub settings of <c>cloudfreq serve</c>: the <c>extensions:durableTask</c> section of host.json,
/// the same section (and names) the Functions host reads, overridable through environment variables
/// such as <c>extensions__durableTask__storageProvider__leaseInterval</c>. Local and test hosts use short
/// leases and visibility timeouts so that a killed host's partitions and items move on in seconds.
/// </summary>
public sealed class DurableHostOptions
{
    public const string SectionName = "extensions:durableTask";

    /// <summary>The task hub: its queues, tables and lease blobs share this prefix. Hosts sharing it share the work.</summary>
    public string HubName { get; set; } = "cloudfreq";

    /// <summary>Activities (work items) one host runs at once: one per GPU, or per ORT thread group on CPU.</summary>
    public int MaxConcurrentActivityFunctions { get; set; } = 1;

    /// <summary>Orchestration episodes one host replays at once.</summary>
    public int MaxConcurrentOrchestratorFunctions { get; set; } = 8;

    /// <summary>
    /// Keep an orchestration in memory between its episodes, so a group's next completions are applied without
    /// reloading and replaying its history from the table (Durable Functions' setting of the same name). On by
    /// default in serve: it cut the per-item orchestration overhead by about 40% (bench cloud-overhead); a host
    /// that dies loses only the cache, the next host replays from history. The Functions app keeps the
    /// extension's own default unless host.json sets it.
    /// </summary>
    public bool ExtendedSessionsEnabled { get; set; } = true;

    /// <summary>How long an idle extended session stays in memory.</summary>
    public int ExtendedSessionIdleTimeoutInSeconds { get; set; } = 30;

    public StorageProviderOptions StorageProvider { get; set; } = new();

    /// <summary>Checks every value and builds the Azure Storage backend's settings; the host refuses to start otherwise.</summary>
    public AzureStorageOrchestrationServiceSettings ToSettings(StorageAccountClientProvider storage, Microsoft.Extensions.Logging.ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(storage);
        Validate();
        var p = StorageProvider;
        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = storage,
            TaskHubName = HubName,
            PartitionCount = p.PartitionCount,
            LeaseInterval = p.LeaseInterval,
            LeaseRenewInterval = p.LeaseRenewInterval,
            LeaseAcquireInterval = p.LeaseRenewInterval,
            WorkItemQueueVisibilityTimeout = p.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = p.ControlQueueVisibilityTimeout,
            MaxQueuePollingInterval = p.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestratorFunctions,
            ExtendedSessionsEnabled = ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(ExtendedSessionIdleTimeoutInSeconds),
            LoggerFactory = loggers,
        };
    }

    /// <summary>Checks every value; the message names the setting.</summary>
    /// <exception cref="CloudFreqException">A value is out of range.</exception>
    public void Validate()
    {
        var p = StorageProvider;
        Check(HubName.Length is >= 3 and <= 45 && char.IsAsciiLetter(HubName[0]) && HubName.All(char.IsAsciiLetterOrDigit), "hubName", $"must be 3-45 letters and digits starting with a letter, got '{HubName}'");
        Check(MaxConcurrentActivityFunctions is >= 1 and <= 256, "maxConcurrentActivityFunctions", $"must be between 1 and 256, got {MaxConcurrentActivityFunctions}");
        Check(MaxConcurrentOrchestratorFunctions is >= 1 and <= 256, "maxConcurrentOrchestratorFunctions", $"must be between 1 and 256, got {MaxConcurrentOrchestratorFunctions}");
        Check(ExtendedSessionIdleTimeoutInSeconds is >= 1 and <= 3600, "extendedSessionIdleTimeoutInSeconds", $"must be between 1 and 3600, got {ExtendedSessionIdleTimeoutInSeconds}");
        Check(p.PartitionCount is >= 1 and <= 16, "storageProvider:partitionCount", $"must be between 1 and 16, got {p.PartitionCount}");
        Check(p.LeaseInterval >= TimeSpan.FromSeconds(2), "storageProvider:leaseInterval", $"must be at least 2 seconds, got {p.LeaseInterval}");
        Check(p.LeaseRenewInterval > TimeSpan.Zero && p.LeaseRenewInterval < p.LeaseInterval, "storageProvider:leaseRenewInterval", $"must be positive and shorter than leaseInterval, got {p.LeaseRenewInterval}");
        Check(p.WorkItemQueueVisibilityTimeout >= TimeSpan.FromSeconds(5), "storageProvider:workItemQueueVisibilityTimeout", $"must be at least 5 seconds, got {p.WorkItemQueueVisibilityTimeout}");
        Check(p.ControlQueueVisibilityTimeout >= TimeSpan.FromSeconds(5), "storageProvider:controlQueueVisibilityTimeout", $"must be at least 5 seconds, got {p.ControlQueueVisibilityTimeout}");
        Check(p.MaxQueuePollingInterval >= TimeSpan.FromMilliseconds(100), "storageProvider:maxQueuePollingInterval", $"must be at least 100 ms, got {p.MaxQueuePollingInterval}");
    }

    private static void Check(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new CloudFreqException($"{SectionName}:{name} {message}.");
        }
    }

    /// <summary>The <c>storageProvider</c> subsection (Azure Storage backend).</summary>
    public sealed class StorageProviderOptions
    {
        /// <summary>Control-queue partitions: orchestrations spread over them, hosts lease them (at most 16).</summary>
        public int PartitionCount { get; set; } = 4;

        /// <summary>How long a partition lease lasts unless renewed: a dead host's partitions move after it.</summary>
        public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

        public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long a work item stays invisible; the running host renews it, so a dead host's item returns after this.</summary>
        public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>The longest wait between polls of an idle queue (polling backs off up to it).</summary>
        public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(10);
    }
}
