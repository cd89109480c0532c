using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// Stages, prepares and plans each cloud run once per worker process (keyed by run id) with the
/// shared <see cref="RunPreparer"/> and <see cref="RunPlanner"/>, and lends it out by reference count:
/// a run evicted from the cache (more than <c>capacity</c> runs) is disposed when its last lease is
/// returned, never on a timer, so a dataset is never closed under a running item. A failed
/// preparation is not cached.
/// </summary>
public sealed class PreparedRunLeases(RunInputStager stager, RunPreparer preparer, RunPlanner planner, int capacity = 4) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Entry> _entries = new();

    /// <summary>Runs prepared and not yet disposed (cached or still leased): for tests and health.</summary>
    public int Live
    {
        get
        {
            lock (_lock)
            {
                return _live;
            }
        }
    }

    private int _live;

    /// <param name="spec">Reads the run's spec; called only when this process has not prepared the run yet.</param>
    public async Task<PreparedRunLease> AcquireAsync(string runId, Func<CancellationToken, Task<RunSpec>> spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Entry entry;
        var evicted = new List<Entry>();
        lock (_lock)
        {
            entry = _entries.FirstOrDefault(e => e.RunId == runId) ?? new Entry(runId, new Lazy<Task<CloudPreparedRun>>(() => PrepareAsync(spec)));
            _entries.Remove(entry);
            _entries.AddFirst(entry);
            entry.Leases++;
            while (_entries.Count > Math.Max(1, capacity))
            {
                var last = _entries.Last!.Value;
                _entries.RemoveLast();
                last.Evicted = true;
                evicted.Add(last);
            }
        }

        foreach (var old in evicted)
        {
            ReleaseIfIdle(old);
        }

        try
        {
            var run = await entry.Prepared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new PreparedRunLease(run, () => Release(entry));
        }
        catch
        {
            if (entry.Prepared.Value.IsFaulted || entry.Prepared.Value.IsCanceled)
            {
                lock (_lock)
                {
                    _entries.Remove(entry);
                    entry.Evicted = true;
                }
            }

            Release(entry);
            throw;
        }
    }

    public void Dispose()
    {
        List<Entry> all;
        lock (_lock)
        {
            all = [.. _entries];
            _entries.Clear();
            foreach (var entry in all)
            {
                entry.Evicted = true;
            }
        }

        foreach (var entry in all)
        {
            ReleaseIfIdle(entry);
        }
    }

    private async Task<CloudPreparedRun> PrepareAsync(Func<CancellationToken, Task<RunSpec>> readSpec)
    {
        // Not tied to one caller's token: every lease holder waits on the same preparation.
        var spec = await readSpec(CancellationToken.None).ConfigureAwait(false);
        var staged = await stager.StageAsync(spec, CancellationToken.None).ConfigureAwait(false);
        var local = await Task.Run(() => preparer.Prepare(staged.LocalSpec)).ConfigureAwait(false);
        try
        {
            var models = local.Models.Select((m, i) => m with { Path = staged.CloudSpec.Models[i].Path }).ToList();
            var run = local with { Spec = staged.CloudSpec, Models = models };
            run = run with { Fingerprint = RunPreparer.Fingerprint(run.Spec, run.Analyses, run.Datasets, run.Models) };
            var prepared = new CloudPreparedRun(run, planner.Plan(run));
            lock (_lock)
            {
                _live++;
            }

            return prepared;
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    private void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Leases--;
        }

        ReleaseIfIdle(entry);
    }

    private void ReleaseIfIdle(Entry entry)
    {
        lock (_lock)
        {
            if (!entry.Evicted || entry.Leases > 0 || entry.Disposed)
            {
                return;
            }

            entry.Disposed = true;
        }

        if (!entry.Prepared.IsValueCreated)
        {
            return;
        }

        // A preparation still under way is disposed as soon as it finishes.
        _ = entry.Prepared.Value.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    t.Result.Dispose();
                    lock (_lock)
                    {
                        _live--;
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private sealed class Entry(string runId, Lazy<Task<CloudPreparedRun>> prepared)
    {
        public string RunId { get; } = runId;

        public Lazy<Task<CloudPreparedRun>> Prepared { get; } = prepared;

        public int Leases { get; set; }

        public bool Evicted { get; set; }

        public bool Disposed { get; set; }
    }
}

/// <summary>A prepared run lent out by <see cref="PreparedRunLeases"/>; dispose it when the work on it is done.</summary>
public sealed class PreparedRunLease(CloudPreparedRun run, Action release) : IDisposable
{
    private int _released;

    public CloudPreparedRun Run { get; } = run;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
