namespace CloudFreq.Orchestrations.Ports;

/// <summary>
/// The run records and per-item states of cloud runs (Azure Tables; in memory for tests and the
/// embedded host). Every replace is guarded by the ETag the caller read (optimistic concurrency),
/// so transitions such as "all items done -> summarizing" happen exactly once.
/// </summary>
public interface IRunStore
{
    /// <summary>Creates the tables when missing.</summary>
    Task EnsureExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a run record; false (nothing written) when a run with that id exists.</summary>
    Task<bool> TryCreateRunAsync(RunState run, CancellationToken cancellationToken = default);

    Task<Versioned<RunState>?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Replaces a run record if its ETag is still <paramref name="etag"/>; false when someone changed it first.</summary>
    Task<bool> TryReplaceRunAsync(RunState run, string etag, CancellationToken cancellationToken = default);

    /// <summary>Runs, newest first, a page at a time; <paramref name="continuation"/> is the token of the previous page.</summary>
    Task<RunPage> ListRunsAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Inserts item states that do not exist yet (existing ones are left as they are).</summary>
    Task AddItemsAsync(string runId, IReadOnlyList<ItemState> items, CancellationToken cancellationToken = default);

    Task<Versioned<ItemState>?> GetItemAsync(string runId, string itemId, CancellationToken cancellationToken = default);

    /// <summary>Replaces an item state if its ETag is still <paramref name="etag"/>.</summary>
    Task<bool> TryReplaceItemAsync(ItemState item, string etag, CancellationToken cancellationToken = default);

    /// <summary>Every item state of a run (order unspecified).</summary>
    Task<IReadOnlyList<Versioned<ItemState>>> ListItemsAsync(string runId, CancellationToken cancellationToken = default);
}

/// <summary>A value and the ETag it was read with.</summary>
public sealed record Versioned<T>(T Value, string ETag);

/// <summary>A page of runs and the token of the next page (null at the end).</summary>
public sealed record RunPage(IReadOnlyList<RunState> Runs, string? Continuation);

/// <summary>The life of a run (the Durable Functions names, DESIGN.md section 6).</summary>
public enum RunStatus
{
    /// <summary>Accepted; its items are being planned.</summary>
    Pending,

    /// <summary>Planned; items are being computed.</summary>
    Running,

    /// <summary>Every item has a result or a recorded failure; the summary step is due.</summary>
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

/// <summary>The life of one work item of a cloud run.</summary>
public enum ItemStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>One work item's state row: what the sweep reads to repair lost messages.</summary>
/// <param name="UpdatedTime">Enqueue time, or the running worker's last heartbeat.</param>
/// <param name="Attempts">Deliveries that started computing it.</param>
/// <param name="Error">The last error (for failed items, the reason shown in the report).</param>
public sealed record ItemState(string RunId, string ItemId, ItemStatus Status, DateTimeOffset UpdatedTime, int Attempts = 0, string? Error = null);
