using System.Collections.Concurrent;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// The shared <see cref="WorkItemExecutor"/>, one per concurrently running item: an executor and its
/// session caches are not thread-safe, so each concurrent item borrows its own and returns it.
/// </summary>
public sealed class WorkItemExecutorPool(ExecutionSettings settings) : IWorkItemRunner, IDisposable
{
    private readonly SessionFactory _sessions = new(settings.Scoring);
    private readonly ConcurrentBag<Slot> _idle = [];
    private readonly ConcurrentBag<Slot> _all = [];

    public ItemResult Execute(PreparedRun run, WorkItem item, CancellationToken cancellationToken)
    {
        if (!_idle.TryTake(out var slot))
        {
            slot = new Slot(_sessions, settings);
            _all.Add(slot);
        }

        try
        {
            return slot.Executor.Execute(run, item, progress: null, cancellationToken);
        }
        finally
        {
            _idle.Add(slot);
        }
    }

    public void Dispose()
    {
        foreach (var slot in _all)
        {
            slot.Dispose();
        }
    }

    private sealed class Slot : IDisposable
    {
        private readonly ClassifierCache _classifiers;
        private readonly GradientModelCache _gradients;

        public Slot(SessionFactory sessions, ExecutionSettings settings)
        {
            _classifiers = new ClassifierCache(sessions);
            _gradients = new GradientModelCache(sessions);
            Executor = new WorkItemExecutor(_classifiers, _gradients, settings);
        }

        public WorkItemExecutor Executor { get; }

        public void Dispose()
        {
            _classifiers.Dispose();
            _gradients.Dispose();
        }
    }
}
