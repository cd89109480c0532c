using System.Collections.Concurrent;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Workflow;

/// <summary>Wraps the shared executor: counts its calls per item and injects failures by item and attempt.</summary>
internal sealed class CountingRunnerFactory(Func<WorkItem, int, Exception?>? fail = null)
{
    private readonly Func<WorkItem, int, Exception?>? _fail = fail;

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public IWorkItemRunner Wrap(IWorkItemRunner inner) => new Runner(this, inner);

    private sealed class Runner(CountingRunnerFactory owner, IWorkItemRunner inner) : IWorkItemRunner
    {
        public ItemResult Execute(PreparedRun run, WorkItem item, CancellationToken cancellationToken)
        {
            var attempt = owner.Calls.AddOrUpdate(item.Id, 1, (_, n) => n + 1);
            if (owner._fail?.Invoke(item, attempt) is { } error)
            {
                throw error;
            }

            return inner.Execute(run, item, cancellationToken);
        }
    }
}
