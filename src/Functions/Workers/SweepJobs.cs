namespace CloudFreq.Functions.Workers;

/// <summary>
/// The periodic jobs of a worker host: <paramref name="Sweep"/> (<c>Sweeper.RunOnceAsync</c>: re-enqueue
/// lost items and summaries) and <paramref name="PollMarkers"/> (<c>MarkerPoller.RunOnceAsync</c>: turn new
/// <c>datasets/*/run.json</c> markers into trigger messages; null or disabled where Event Grid does it).
/// </summary>
public sealed record SweepJobs(Func<CancellationToken, Task> Sweep, Func<CancellationToken, Task>? PollMarkers = null);
