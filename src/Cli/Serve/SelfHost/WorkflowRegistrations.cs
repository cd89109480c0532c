using CloudFreq.Orchestrations.Workflow;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Cli.Serve.SelfHost;

/// <summary>
/// Registers the workflow's orchestrators and activities with DurableTask.Core's task hub worker
/// through <see cref="DurableTaskShimFactory"/>, the public way for alternate runtimes to host
/// <c>Microsoft.DurableTask</c> classes. Each delivery gets a new orchestrator (they hold no state);
/// activities share the process's <see cref="WorkflowServices"/>.
/// </summary>
public static class WorkflowRegistrations
{
    public static void Register(TaskHubWorker worker, WorkflowServices services, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions(), loggers);
        worker.AddTaskOrchestrations(
            new Creator<TaskOrchestration>(WorkflowNames.RunOrchestrator, () => shims.CreateOrchestration(WorkflowNames.RunOrchestrator, new RunOrchestrator(), default(ParentOrchestrationInstance))),
            new Creator<TaskOrchestration>(WorkflowNames.GroupOrchestrator, () => shims.CreateOrchestration(WorkflowNames.GroupOrchestrator, new GroupOrchestrator(), default(ParentOrchestrationInstance))));
        worker.AddTaskActivities(
            new Creator<TaskActivity>(WorkflowNames.PrepareRun, () => shims.CreateActivity(WorkflowNames.PrepareRun, new PrepareRunActivity(services))),
            new Creator<TaskActivity>(WorkflowNames.ComputeItem, () => shims.CreateActivity(WorkflowNames.ComputeItem, new ComputeItemActivity(services))),
            new Creator<TaskActivity>(WorkflowNames.SummarizeRun, () => shims.CreateActivity(WorkflowNames.SummarizeRun, new SummarizeRunActivity(services))));
    }

    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}
