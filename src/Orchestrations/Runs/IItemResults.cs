namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Where a summary reads item results, one item at a time in merge order (local files, result blobs), so the
/// summary holds one merged partial per group and a few results read ahead, never every result of a large run.
/// </summary>
public interface IItemResults
{
    /// <returns>The item's result, or why there is none (null when nothing is known).</returns>
    ValueTask<ItemLookup> ReadAsync(WorkItem item, CancellationToken cancellationToken);
}

/// <summary>An item's result, or the error it failed with.</summary>
public readonly record struct ItemLookup(ItemResult? Result, string? Failure = null);

/// <summary>What a summary merged: the report and how many items had results or none.</summary>
public sealed record RunSummary(Core.Reports.RunReport Report, int Results, int Missing);
