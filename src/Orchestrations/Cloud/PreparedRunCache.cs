using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Stages, prepares and plans each cloud run once per worker process (keyed by run id) with the
/// shared <see cref="RunPreparer"/> and <see cref="RunPlanner"/>. The prepared run carries the
/// cloud spec (blob names) and a fingerprint computed from it, so every worker and the planner
/// agree on it whatever their cache folders; a failed preparation is not cached.
/// </summary>
public sealed class PreparedRunCache(RunInputStager stager, RunPreparer preparer, RunPlanner planner, int capacity = 4) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(string RunId, Lazy<Task<CloudPreparedRun>> Entry)> _entries = new();

    public Task<CloudPreparedRun> GetAsync(string runId, RunSpec spec, CancellationToken cancellationToken = default)
    {
        Lazy<Task<CloudPreparedRun>> entry;
        lock (_lock)
        {
            var node = _entries.First;
            while (node is not null && node.Value.RunId != runId)
            {
                node = node.Next;
            }

            if (node is not null)
            {
                _entries.Remove(node);
                _entries.AddFirst(node);
                entry = node.Value.Entry;
            }
            else
            {
                entry = new Lazy<Task<CloudPreparedRun>>(() => PrepareAsync(spec, CancellationToken.None));
                _entries.AddFirst((runId, entry));
                while (_entries.Count > Math.Max(1, capacity))
                {
                    var evicted = _entries.Last!.Value.Entry;
                    _entries.RemoveLast();

                    // Disposal waits a while so that an item still running on the evicted run finishes first.
                    _ = DisposeLaterAsync(evicted);
                }
            }
        }

        return AwaitAsync(runId, entry, cancellationToken);
    }

    /// <summary>Prepares without caching (the plan step, which may see inputs for the first time).</summary>
    public async Task<CloudPreparedRun> PrepareAsync(RunSpec spec, CancellationToken cancellationToken)
    {
        var staged = await stager.StageAsync(spec, cancellationToken).ConfigureAwait(false);
        var local = await Task.Run(() => preparer.Prepare(staged.LocalSpec), cancellationToken).ConfigureAwait(false);
        try
        {
            var models = local.Models.Select((m, i) => m with { Path = staged.CloudSpec.Models[i].Path }).ToList();
            var run = local with { Spec = staged.CloudSpec, Models = models };
            run = run with { Fingerprint = RunPreparer.Fingerprint(run.Spec, run.Analyses, run.Datasets, run.Models) };
            return new CloudPreparedRun(run, planner.Plan(run));
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (_, entry) in _entries)
            {
                if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
                {
                    entry.Value.Result.Dispose();
                }
            }

            _entries.Clear();
        }
    }

    private async Task<CloudPreparedRun> AwaitAsync(string runId, Lazy<Task<CloudPreparedRun>> entry, CancellationToken cancellationToken)
    {
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            lock (_lock)
            {
                var node = _entries.First;
                while (node is not null && !(node.Value.RunId == runId && ReferenceEquals(node.Value.Entry, entry)))
                {
                    node = node.Next;
                }

                if (node is not null)
                {
                    _entries.Remove(node);
                }
            }

            throw;
        }
    }

    private static async Task DisposeLaterAsync(Lazy<Task<CloudPreparedRun>> entry)
    {
        if (!entry.IsValueCreated)
        {
            return;
        }

        try
        {
            var run = await entry.Value.ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            run.Dispose();
        }
        catch (Exception)
        {
            // a failed preparation holds nothing to release
        }
    }
}
