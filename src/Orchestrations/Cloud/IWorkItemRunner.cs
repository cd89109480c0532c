using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>Computes one work item of a prepared run (the shared <see cref="WorkItemExecutor"/>; a seam for tests).</summary>
public interface IWorkItemRunner
{
    ItemResult Execute(PreparedRun run, WorkItem item, CancellationToken cancellationToken);
}
