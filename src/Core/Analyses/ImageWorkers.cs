namespace CloudFreq.Core.Analyses;

/// <summary>
/// Runs per-image work in parallel with one workspace per worker (FFT plans and scratch are not
/// thread-safe), each worker taking a contiguous share of the images.
/// </summary>
internal sealed class ImageWorkers<TWorkspace>(Func<TWorkspace> createWorkspace)
{
    private readonly TWorkspace[] _workspaces = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => createWorkspace())];

    public void For(int count, Action<TWorkspace, int> work, CancellationToken cancellationToken)
    {
        var workers = Math.Min(_workspaces.Length, count);
        if (workers <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                work(_workspaces[0], i);
            }

            return;
        }

        Parallel.For(0, workers, new ParallelOptions { CancellationToken = cancellationToken }, w =>
        {
            var workspace = _workspaces[w];
            for (var i = w * count / workers; i < (w + 1) * count / workers; i++)
            {
                work(workspace, i);
            }
        });
    }
}
