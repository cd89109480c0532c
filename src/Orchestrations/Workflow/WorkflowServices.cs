using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// What the activities need, built once per worker process by the host: the run's blobs, the
/// prepared-run leases, the shard stager, the shared executor (through <see cref="IWorkItemRunner"/>),
/// the shared summarizer and report publisher.
/// </summary>
/// <param name="Stopping">Signaled when the host shuts down: a running item stops and is delivered again elsewhere.</param>
public sealed record WorkflowServices(
    RunBlobs Blobs,
    PreparedRunLeases PreparedRuns,
    ItemShardStager Shards,
    IWorkItemRunner Runner,
    RunSummarizer Summarizer,
    ReportPublisher Reports,
    TimeProvider Clock,
    ILoggerFactory Loggers,
    CancellationToken Stopping = default)
{
    /// <summary>A lease on the prepared run, reading its spec blob when this process has not prepared it yet.</summary>
    public Task<PreparedRunLease> LeaseAsync(string runId, CancellationToken cancellationToken) =>
        PreparedRuns.AcquireAsync(
            runId,
            async ct => (await Blobs.ReadSpecAsync(runId, ct).ConfigureAwait(false)
                ?? throw new Core.CloudFreqException($"run {runId}: no spec blob at {Blobs.Store.Describe(CloudNames.SpecBlob(runId))}.")).Spec,
            cancellationToken);
}
