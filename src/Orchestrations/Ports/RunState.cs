namespace CloudFreq.Orchestrations.Ports;

/// <summary>A page of runs and the token of the next page (null at the end).</summary>
public sealed record RunPage(IReadOnlyList<RunState> Runs, string? Continuation);

/// <summary>The life of a run (the Durable Functions names, DESIGN.md section 6).</summary>
public enum RunStatus
{
    /// <summary>Accepted; its items are being planned.</summary>
    Pending,

    /// <summary>Planned; items are being computed.</summary>
    Running,

    /// <summary>Every item has a result or a recorded failure; the report is being written.</summary>
    Summarizing,

    Completed,

    /// <summary>The run could not be planned or summarized (see <see cref="RunState.Error"/>).</summary>
    Failed,

    Canceled,
}

/// <summary>The run record: one row per run.</summary>
/// <param name="Source">"http" or the marker blob that started it ("datasets/NAME/run.json").</param>
/// <param name="SpecJson">The run spec as accepted (the input of the status endpoint).</param>
/// <param name="Fingerprint">The prepared run's fingerprint once planned; workers refuse a different one.</param>
/// <param name="Total">Work items planned (0 while pending).</param>
/// <param name="Done">Items with a stored result.</param>
/// <param name="Failed">Items that ended as recorded failures (poison).</param>
public sealed record RunState(
    string RunId,
    RunStatus Status,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    string Source,
    string SpecJson,
    string? Fingerprint = null,
    int Total = 0,
    int Done = 0,
    int Failed = 0,
    string? Error = null);
