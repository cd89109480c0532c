using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Composes the cloud workflow over its ports: the run API, the three queue handlers, the sweep and
/// the local marker poller, sharing one per-process prepared-run cache and executor pool. Hosts
/// (the serve command, the Functions worker) listen on <see cref="Handlers"/> and call
/// <see cref="Sweeper"/> and <see cref="Poller"/> every <see cref="CloudOptions.SweepInterval"/>.
/// </summary>
public sealed class CloudWorkflow : IDisposable
{
    private readonly WorkItemExecutorPool? _ownedPool;

    public CloudWorkflow(
        CloudPorts ports,
        CloudOptions options,
        ExecutionSettings settings,
        ILoggerFactory? loggers = null,
        TimeProvider? clock = null,
        IWorkItemRunner? runner = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        clock ??= TimeProvider.System;
        Ports = ports;
        Options = options;
        var stager = new RunInputStager(ports.Blobs, options.CacheDirectory);
        var preparer = new RunPreparer(
            new DatasetOpener(Path.Combine(options.CacheDirectory, "gzip")),
            new ModelCardResolver(),
            new AnalysisCatalog(),
            new SessionFactory(settings.Scoring));
        PreparedRuns = new PreparedRunCache(stager, preparer, new RunPlanner());
        if (runner is null)
        {
            _ownedPool = new WorkItemExecutorPool(settings);
            runner = _ownedPool;
        }

        var completion = new RunCompletion(ports, clock, loggers.CreateLogger<RunCompletion>());
        Runs = new CloudRuns(ports, stager, clock, loggers.CreateLogger<CloudRuns>());
        Trigger = new TriggerHandler(ports, Runs, clock, loggers.CreateLogger<TriggerHandler>());
        var shards = new ItemShardStager(ports.Blobs);
        Control = new ControlHandler(ports, PreparedRuns, shards, completion, new RunSummarizer(LocalRun.Tool), new ReportPublisher(), clock, loggers.CreateLogger<ControlHandler>());
        Items = new WorkItemHandler(ports, PreparedRuns, shards, runner, completion, options, clock, loggers.CreateLogger<WorkItemHandler>());
        Sweeper = new Sweeper(ports, completion, options, clock, loggers.CreateLogger<Sweeper>());
        Poller = new MarkerPoller(ports, clock, loggers.CreateLogger<MarkerPoller>());
    }

    public CloudPorts Ports { get; }

    public CloudOptions Options { get; }

    public PreparedRunCache PreparedRuns { get; }

    public CloudRuns Runs { get; }

    public TriggerHandler Trigger { get; }

    public ControlHandler Control { get; }

    public WorkItemHandler Items { get; }

    public Sweeper Sweeper { get; }

    public MarkerPoller Poller { get; }

    /// <summary>The handlers of the trigger, control and items queues.</summary>
    public IReadOnlyList<IQueueMessageHandler> Handlers => [Trigger, Control, Items];

    public void Dispose()
    {
        PreparedRuns.Dispose();
        _ownedPool?.Dispose();
    }
}
