using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// The blobs a durable run keeps besides its reports: the accepted spec, the plan, each item's result
/// or permanent error. Every read checks the schema version and names the blob in its error; every
/// write of a run's durable memory is create-if-absent, so repeated activities change nothing.
/// </summary>
public sealed class RunBlobs(IBlobStore blobs)
{
    public IBlobStore Store => blobs;

    /// <returns>False when the run already has a spec (the first one stays).</returns>
    public Task<bool> TryCreateSpecAsync(StoredRunSpec spec, CancellationToken cancellationToken) =>
        blobs.TryCreateAsync(CloudNames.SpecBlob(spec.RunId), JsonSerializer.SerializeToUtf8Bytes(spec, RunJson.Options), cancellationToken);

    public Task<StoredRunSpec?> ReadSpecAsync(string runId, CancellationToken cancellationToken) =>
        ReadAsync<StoredRunSpec>(CloudNames.SpecBlob(runId), StoredRunSpec.CurrentSchemaVersion, s => s.SchemaVersion, cancellationToken);

    public Task<bool> TryCreatePlanAsync(StoredRunPlan plan, CancellationToken cancellationToken) =>
        blobs.TryCreateAsync(CloudNames.PlanBlob(plan.RunId), JsonSerializer.SerializeToUtf8Bytes(plan, RunJson.Options), cancellationToken);

    public Task<StoredRunPlan?> ReadPlanAsync(string runId, CancellationToken cancellationToken) =>
        ReadAsync<StoredRunPlan>(CloudNames.PlanBlob(runId), StoredRunPlan.CurrentSchemaVersion, p => p.SchemaVersion, cancellationToken);

    /// <summary>Marks the run canceled (create-if-absent): work items queued before the cancel skip their work.</summary>
    public Task<bool> MarkCanceledAsync(string runId, DateTimeOffset time, CancellationToken cancellationToken) =>
        blobs.TryCreateAsync(CloudNames.CancelBlob(runId), JsonSerializer.SerializeToUtf8Bytes(new { runId, canceledTime = time }, RunJson.Options), cancellationToken);

    public Task<bool> IsCanceledAsync(string runId, CancellationToken cancellationToken) =>
        blobs.ExistsAsync(CloudNames.CancelBlob(runId), cancellationToken);

    public Task<bool> ResultExistsAsync(string runId, string itemId, CancellationToken cancellationToken) =>
        blobs.ExistsAsync(CloudNames.ItemResultBlob(runId, itemId), cancellationToken);

    public Task<bool> TryCreateResultAsync(string runId, ItemResult result, CancellationToken cancellationToken) =>
        blobs.TryCreateAsync(CloudNames.ItemResultBlob(runId, result.ItemId), JsonSerializer.SerializeToUtf8Bytes(result, RunJson.Options), cancellationToken);

    /// <exception cref="CloudFreqException">The blob holds another item's result or an unknown schema version.</exception>
    public async Task<ItemResult?> ReadResultAsync(string runId, string itemId, CancellationToken cancellationToken)
    {
        var name = CloudNames.ItemResultBlob(runId, itemId);
        var result = await ReadAsync<ItemResult>(name, ItemResult.CurrentSchemaVersion, r => r.SchemaVersion, cancellationToken).ConfigureAwait(false);
        return result is null || result.ItemId == itemId
            ? result
            : throw new CloudFreqException($"{blobs.Describe(name)}: holds the result of item {result.ItemId}, not {itemId}.");
    }

    public Task<bool> TryCreateErrorAsync(string runId, StoredItemError error, CancellationToken cancellationToken) =>
        blobs.TryCreateAsync(CloudNames.ItemErrorBlob(runId, error.ItemId), JsonSerializer.SerializeToUtf8Bytes(error, RunJson.Options), cancellationToken);

    public Task<StoredItemError?> ReadErrorAsync(string runId, string itemId, CancellationToken cancellationToken) =>
        ReadAsync<StoredItemError>(CloudNames.ItemErrorBlob(runId, itemId), StoredItemError.CurrentSchemaVersion, e => e.SchemaVersion, cancellationToken);

    private async Task<T?> ReadAsync<T>(string name, int supported, Func<T, int> versionOf, CancellationToken cancellationToken)
        where T : class
    {
        var bytes = await blobs.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(bytes, RunJson.Options);
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"{blobs.Describe(name)}: not a readable {typeof(T).Name} ({ex.Message}).", ex);
        }

        if (value is null)
        {
            throw new CloudFreqException($"{blobs.Describe(name)}: empty.");
        }

        var version = versionOf(value);
        return version == supported
            ? value
            : throw new CloudFreqException($"{blobs.Describe(name)}: schema version {version} is not supported (this version of CloudFreq reads {supported}).");
    }
}

/// <summary>A run spec as the API or the upload trigger accepted it.</summary>
public sealed record StoredRunSpec(string RunId, string Source, DateTimeOffset CreatedTime, RunSpec Spec)
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
}

/// <summary>A run's plan: item ids in plan order, the groups over them, and the fingerprint of the inputs planned.</summary>
public sealed record StoredRunPlan(string RunId, string Fingerprint, IReadOnlyList<string> ItemIds, IReadOnlyList<RunGroup> Groups)
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
}

/// <summary>Why an item has no result: a permanent error, recorded once, never retried.</summary>
public sealed record StoredItemError(string ItemId, string Error)
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
}
