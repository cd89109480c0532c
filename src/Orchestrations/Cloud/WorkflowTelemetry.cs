using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Traces and metrics of the cloud workflow, named "CloudFreq.Workflow" so that the host's
/// OpenTelemetry setup exports them (AddSource / AddMeter).
/// </summary>
public static class WorkflowTelemetry
{
    public const string Name = "CloudFreq.Workflow";

    public static ActivitySource ActivitySource { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>Items whose result this process stored.</summary>
    public static Counter<long> ItemsCompleted { get; } = Meter.CreateCounter<long>("items_completed", "{item}", "Work items whose result was stored");

    /// <summary>Items recorded as failed for good.</summary>
    public static Counter<long> ItemsFailed { get; } = Meter.CreateCounter<long>("items_failed", "{item}", "Work items recorded as failed");

    /// <summary>Seconds one work item took to compute.</summary>
    public static Histogram<double> ItemDuration { get; } = Meter.CreateHistogram<double>("item_duration", "s", "Time to compute one work item");

    /// <summary>Runs that reached a final state (tagged with the status).</summary>
    public static Counter<long> RunsEnded { get; } = Meter.CreateCounter<long>("runs_ended", "{run}", "Runs that completed, failed or were canceled");
}
