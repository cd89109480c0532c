namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// The wall time of a plan on N workers like this machine: whole items handed out longest first to the
/// worker that frees up first (an item never splits), and every worker paying the model setup.
/// </summary>
public static class WorkerSchedule
{
    /// <param name="itemSeconds">The estimated time of each pending item.</param>
    /// <param name="setupSeconds">Model setup a worker pays before its first item.</param>
    public static double WallSeconds(IEnumerable<double> itemSeconds, int workers, double setupSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var items = itemSeconds.OrderDescending().ToList();
        if (items.Count == 0)
        {
            return 0;
        }

        var busy = new PriorityQueue<int, double>();
        for (var w = 0; w < Math.Min(workers, items.Count); w++)
        {
            busy.Enqueue(w, 0);
        }

        var wall = 0.0;
        foreach (var seconds in items)
        {
            busy.TryDequeue(out var worker, out var freeAt);
            var done = freeAt + seconds;
            wall = Math.Max(wall, done);
            busy.Enqueue(worker, done);
        }

        return wall + setupSeconds;
    }
}
