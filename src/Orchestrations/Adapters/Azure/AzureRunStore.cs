using System.Globalization;
using Azure;
using Azure.Data.Tables;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Adapters.Azure;

/// <summary>
/// <see cref="IRunStore"/> over Azure Tables.
/// Runs table: partition <c>run</c>, row key = the escaped run id (<see cref="TableKeys"/>); beside
/// each run, in the same partition and written in the same transaction, an index row
/// <c>!t!{inverted ticks of CreatedTime}!{escaped run id}</c> that lists runs newest first
/// (escaped ids never start with '!'). Items table: partition = escaped run id, row key = escaped item id.
/// Replaces carry the caller's ETag (412 -> false); <see cref="RunState.SpecJson"/> and errors are
/// split over several properties when longer than one property holds (<see cref="TableStrings"/>).
/// </summary>
public sealed class AzureRunStore : IRunStore
{
    public const string RunPartition = "run";

    private const string IndexPrefix = "!t!";
    private const int BatchSize = 100;

    private readonly TableClient runs;
    private readonly TableClient items;

    public AzureRunStore(TableServiceClient service, string runsTable = CloudNames.RunsTable, string itemsTable = CloudNames.ItemsTable)
    {
        ArgumentNullException.ThrowIfNull(service);
        runs = service.GetTableClient(runsTable);
        items = service.GetTableClient(itemsTable);
    }

    public AzureRunStore(TableClient runs, TableClient items)
    {
        this.runs = runs ?? throw new ArgumentNullException(nameof(runs));
        this.items = items ?? throw new ArgumentNullException(nameof(items));
    }

    public async Task EnsureExistsAsync(CancellationToken cancellationToken = default)
    {
        await runs.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await items.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryCreateRunAsync(RunState run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var entity = ToEntity(run);
        var index = new TableEntity(RunPartition, IndexKey(run.CreatedTime, entity.RowKey));
        try
        {
            await runs.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, entity), new TableTransactionAction(TableTransactionActionType.Add, index)],
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Versioned<RunState>?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var response = await runs.GetEntityIfExistsAsync<TableEntity>(RunPartition, TableKeys.Escape(runId), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? new Versioned<RunState>(FromEntity(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    public Task<bool> TryReplaceRunAsync(RunState run, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return TryReplaceAsync(runs, ToEntity(run), etag, cancellationToken);
    }

    public async Task<RunPage> ListRunsAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition} and RowKey ge {IndexPrefix} and RowKey lt {IndexEnd}");
        var keys = new List<string>();
        var token = continuation;
        do
        {
            var pages = runs.QueryAsync<TableEntity>(filter, maxPerPage: pageSize - keys.Count, select: ["RowKey"], cancellationToken: cancellationToken)
                .AsPages(token, pageSize - keys.Count);
            await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
            if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                token = null;
                break;
            }

            keys.AddRange(enumerator.Current.Values.Select(e => e.RowKey[(e.RowKey.LastIndexOf('!') + 1)..]));
            token = enumerator.Current.ContinuationToken;
        }
        while (keys.Count < pageSize && token is not null);

        var records = await Task.WhenAll(keys.Select(key => runs.GetEntityIfExistsAsync<TableEntity>(RunPartition, key, cancellationToken: cancellationToken)))
            .ConfigureAwait(false);
        return new RunPage([.. records.Where(r => r.HasValue).Select(r => FromEntity(r.Value!))], string.IsNullOrEmpty(token) ? null : token);
    }

    public async Task AddItemsAsync(string runId, IReadOnlyList<ItemState> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var entities = new List<TableEntity>(items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.RunId != runId)
            {
                throw new ArgumentException($"item '{item.ItemId}' belongs to run '{item.RunId}', not '{runId}'.", nameof(items));
            }

            var entity = ToEntity(item);
            if (seen.Add(entity.RowKey))
            {
                entities.Add(entity);
            }
        }

        foreach (var batch in entities.Chunk(BatchSize))
        {
            try
            {
                await this.items.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Some rows exist: a batch fails as a whole, so add the rest one by one.
                await Parallel.ForEachAsync(
                    batch,
                    new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                    async (entity, ct) =>
                    {
                        try
                        {
                            await this.items.AddEntityAsync(entity, ct).ConfigureAwait(false);
                        }
                        catch (RequestFailedException add) when (add.Status == 409)
                        {
                            // Exists: left as it is.
                        }
                    }).ConfigureAwait(false);
            }
        }

    }

    public async Task<Versioned<ItemState>?> GetItemAsync(string runId, string itemId, CancellationToken cancellationToken = default)
    {
        var response = await items.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(runId), TableKeys.Escape(itemId), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.HasValue ? new Versioned<ItemState>(ItemFromEntity(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    public Task<bool> TryReplaceItemAsync(ItemState item, string etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return TryReplaceAsync(items, ToEntity(item), etag, cancellationToken);
    }

    public async Task<IReadOnlyList<Versioned<ItemState>>> ListItemsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.Escape(runId);
        var result = new List<Versioned<ItemState>>();
        await foreach (var entity in items.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            result.Add(new Versioned<ItemState>(ItemFromEntity(entity), entity.ETag.ToString()));
        }

        return result;
    }

    /// <summary>The index row key of a run: newest first, ties by escaped id.</summary>
    internal static string IndexKey(DateTimeOffset created, string escapedRunId) =>
        $"{IndexPrefix}{(DateTimeOffset.MaxValue.UtcTicks - created.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}!{escapedRunId}";

    private const string IndexEnd = "!t\"";

    private static async Task<bool> TryReplaceAsync(TableClient table, TableEntity entity, string etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        try
        {
            await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(RunState run)
    {
        var entity = new TableEntity(RunPartition, TableKeys.Escape(run.RunId))
        {
            ["Status"] = run.Status.ToString(),
            ["CreatedTime"] = run.CreatedTime.ToUniversalTime(),
            ["LastUpdatedTime"] = run.LastUpdatedTime.ToUniversalTime(),
            ["Source"] = run.Source,
            ["Fingerprint"] = run.Fingerprint,
            ["Total"] = run.Total,
            ["Done"] = run.Done,
            ["Failed"] = run.Failed,
        };
        TableStrings.Write(entity, "SpecJson", run.SpecJson);
        TableStrings.Write(entity, "Error", run.Error);
        return entity;
    }

    private static RunState FromEntity(TableEntity entity) => new(
        TableKeys.Unescape(entity.RowKey),
        Enum.Parse<RunStatus>(entity.GetString("Status")),
        entity.GetDateTimeOffset("CreatedTime") ?? default,
        entity.GetDateTimeOffset("LastUpdatedTime") ?? default,
        entity.GetString("Source") ?? string.Empty,
        TableStrings.Read(entity, "SpecJson") ?? string.Empty,
        entity.GetString("Fingerprint"),
        entity.GetInt32("Total") ?? 0,
        entity.GetInt32("Done") ?? 0,
        entity.GetInt32("Failed") ?? 0,
        TableStrings.Read(entity, "Error"));

    private static TableEntity ToEntity(ItemState item)
    {
        var entity = new TableEntity(TableKeys.Escape(item.RunId), TableKeys.Escape(item.ItemId))
        {
            ["Status"] = item.Status.ToString(),
            ["UpdatedTime"] = item.UpdatedTime.ToUniversalTime(),
            ["Attempts"] = item.Attempts,
        };
        TableStrings.Write(entity, "Error", item.Error);
        return entity;
    }

    private static ItemState ItemFromEntity(TableEntity entity) => new(
        TableKeys.Unescape(entity.PartitionKey),
        TableKeys.Unescape(entity.RowKey),
        Enum.Parse<ItemStatus>(entity.GetString("Status")),
        entity.GetDateTimeOffset("UpdatedTime") ?? default,
        entity.GetInt32("Attempts") ?? 0,
        TableStrings.Read(entity, "Error"));
}
