using Microsoft.DurableTask;

namespace CloudFreq.Orchestrations.Workflow;

// What passes through orchestration history: names, ids and counts, never specs, partials or images
// (the spec and the plan live in blobs, see RunBlobs).

/// <summary>The input of <see cref="RunOrchestrator"/>: the run id (the spec is in its blob) and how to fan out.</summary>
/// <param name="Source">"http" or the marker blob that started the run.</param>
/// <param name="Settings">How to fan out and retry, fixed at start so that replays decide the same.</param>
/// <param name="StartError">Set when the run was refused at start (an invalid upload marker): the run fails with it.</param>
public sealed record RunInput(string RunId, string Source, WorkflowSettings Settings, string? StartError = null);

/// <summary>How a run fans out and retries (DESIGN.md section 3).</summary>
/// <param name="Window">Work items in flight per group.</param>
/// <param name="ItemAttempts">Deliveries of an item that fails transiently before it is reported failed.</param>
/// <param name="FirstRetrySeconds">Back-off before the second delivery; doubled each time, at most a minute.</param>
/// <param name="ItemsPerExecution">Items a group schedules before it continues as new, to keep its history short.</param>
public sealed record WorkflowSettings(int Window = 16, int ItemAttempts = 5, double FirstRetrySeconds = 5, int ItemsPerExecution = 500)
{
    public TaskOptions RetryOptions() => TaskOptions.FromRetryPolicy(new RetryPolicy(
        Math.Max(1, ItemAttempts),
        TimeSpan.FromSeconds(Math.Max(0.1, FirstRetrySeconds)),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1)));
}

/// <summary>What <see cref="PrepareRunActivity"/> returns: the plan's shape, or the permanent error that stops the run.</summary>
public sealed record RunOutline(string Fingerprint, int Total, IReadOnlyList<RunGroup> Groups, string? Error = null);

/// <summary>One (dataset, model) group: items <c>[First, First + Count)</c> of the plan's item list.</summary>
public sealed record RunGroup(int Index, string Name, int First, int Count);

/// <summary>The input of <see cref="GroupOrchestrator"/>; the counters carry over when it continues as new.</summary>
public sealed record GroupInput(
    string RunId,
    string Fingerprint,
    RunGroup Group,
    WorkflowSettings Settings,
    int Next,
    int Done = 0,
    int Failed = 0,
    IReadOnlyList<ItemFailure>? Failures = null);

/// <summary>The end of a group: its counts, and the items whose retries ran out (with their last error).</summary>
public sealed record GroupOutcome(int Group, int Done, int Failed, bool Canceled, IReadOnlyList<ItemFailure> Failures);

/// <summary>
/// Compute item <paramref name="Index"/> of the plan of run <paramref name="RunId"/>. The plan is
/// deterministic, so the same <paramref name="Fingerprint"/> (the inputs planned) means the same item on
/// every worker; a worker that prepares different inputs refuses the item.
/// </summary>
public sealed record ItemInput(string RunId, string Fingerprint, int Index);

/// <summary>The end of an item: a result blob (<see cref="Failed"/> false) or an error blob (a permanent failure).</summary>
/// <param name="Reused">The result was already stored (a repeated delivery): nothing was computed.</param>
/// <param name="Error">Set only when the failure has no item to file an error blob under (no spec, no such index).</param>
/// <param name="Skipped">The run was canceled before the item started: nothing was computed.</param>
public sealed record ItemOutcome(int Index, bool Failed, bool Reused, string? Error = null, bool Skipped = false);

/// <summary>An item that failed after every retry; its error goes into the report.</summary>
public sealed record ItemFailure(int Index, string Error);

/// <summary>The input of <see cref="SummarizeRunActivity"/>.</summary>
public sealed record SummarizeInput(string RunId, IReadOnlyList<ItemFailure> Failures);

/// <summary>What <see cref="SummarizeRunActivity"/> wrote: items merged and items reported as failed.</summary>
public sealed record RunSummaryCounts(int Results, int Failed);

/// <summary>The output of <see cref="RunOrchestrator"/>.</summary>
/// <param name="Canceled">The run was canceled: nothing was summarized.</param>
public sealed record RunOutput(bool Canceled, int Total, int Done, int Failed);

/// <summary>
/// A run's and a group's custom status (DESIGN.md section 3): items done, total and failed. The run's
/// counts cover the groups that have ended; the API adds the running groups' own statuses.
/// </summary>
/// <param name="Phase">preparing, running, summarizing, canceling.</param>
/// <param name="Groups">Groups in the plan (their instance ids are <c>{run}:{0..Groups-1}</c>).</param>
public sealed record RunProgress(string Phase, int ItemsDone, int ItemsTotal, int ItemsFailed, int Groups = 0, int GroupsEnded = 0);
