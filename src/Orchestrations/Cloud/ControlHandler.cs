using System.Text.Json;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// The run-level steps of the control queue. <c>plan</c>: stage and prepare the run, record its
/// fingerprint and item count, add the item rows, enqueue every item not yet done, then Running
/// (straight to Summarizing when nothing is left). <c>summarize</c>: merge every stored item result
/// in item-id order with the shared <see cref="RunSummarizer"/>, write the report with the shared
/// <see cref="ReportPublisher"/> under <c>reports/RUN/</c>, then Completed. Both steps are idempotent.
/// </summary>
public sealed class ControlHandler(
    CloudPorts ports,
    PreparedRunCache preparedRuns,
    ItemShardStager shards,
    RunCompletion completion,
    RunSummarizer summarizer,
    ReportPublisher reports,
    TimeProvider clock,
    ILogger<ControlHandler> logger) : IQueueMessageHandler
{
    public IWorkQueue Queue => ports.Control;

    public async Task HandleAsync(QueueMessageLease message, CancellationToken cancellationToken)
    {
        ControlMessage control;
        try
        {
            control = ControlMessage.Parse(message.Body);
        }
        catch (CloudFreqException ex)
        {
            logger.LogWarning("Dropping an unreadable control message {MessageId}: {Error}", message.MessageId, ex.Message);
            return;
        }

        using var scope = logger.ForRun(control.RunId);
        using var activity = WorkflowTelemetry.ActivitySource.StartActivity("control " + control.Kind);
        activity?.SetTag("cloudfreq.run_id", control.RunId);
        if (control.Kind == ControlMessage.Plan)
        {
            await PlanAsync(control.RunId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SummarizeAsync(control.RunId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task HandlePoisonAsync(QueueMessageLease message, string? lastError, CancellationToken cancellationToken)
    {
        ControlMessage control;
        try
        {
            control = ControlMessage.Parse(message.Body);
        }
        catch (CloudFreqException)
        {
            return;
        }

        using var scope = logger.ForRun(control.RunId);
        var error = $"the {control.Kind} step failed {message.DequeueCount - 1} times: {lastError ?? "unknown error"}";
        logger.LogError("Run {RunId}: {Error}", control.RunId, error);
        await FailRunAsync(control.RunId, error, cancellationToken).ConfigureAwait(false);
    }

    private async Task PlanAsync(string runId, CancellationToken cancellationToken)
    {
        var record = await ports.Runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Value.Status != RunStatus.Pending)
        {
            logger.LogInformation("Run {RunId}: plan skipped (status {Status}).", runId, record?.Value.Status.ToString() ?? "unknown");
            return;
        }

        var run = record.Value;
        CloudPreparedRun prepared;
        try
        {
            prepared = await preparedRuns.GetAsync(runId, ParseSpec(run), cancellationToken).ConfigureAwait(false);
        }
        catch (CloudFreqException ex)
        {
            // The inputs themselves are unusable: retrying cannot help.
            logger.LogError("Run {RunId}: planning failed: {Error}", runId, ex.Message);
            await FailRunAsync(runId, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var fingerprint = prepared.Run.Fingerprint;
        if (run.Fingerprint is not null && run.Fingerprint != fingerprint)
        {
            await FailRunAsync(runId, "the run's datasets or models changed while it was being planned; start a new run.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = clock.GetUtcNow();
        var recorded = await ports.Runs.UpdateRunAsync(
            runId,
            r => r.Status != RunStatus.Pending || (r.Fingerprint == fingerprint && r.Total == prepared.Items.Count)
                ? null
                : r with { Fingerprint = fingerprint, Total = prepared.Items.Count, LastUpdatedTime = now },
            cancellationToken).ConfigureAwait(false);
        if (recorded.Before is not { Status: RunStatus.Pending })
        {
            return;
        }

        await ports.Runs.AddItemsAsync(
            runId,
            [.. prepared.Items.Select(i => new ItemState(runId, i.Id, ItemStatus.Queued, now))],
            cancellationToken).ConfigureAwait(false);
        var rows = (await ports.Runs.ListItemsAsync(runId, cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.Value.ItemId, r => r.Value, StringComparer.Ordinal);
        var sent = 0;
        foreach (var item in prepared.Items)
        {
            if (rows.TryGetValue(item.Id, out var row) && row.Status is ItemStatus.Done or ItemStatus.Failed)
            {
                continue;
            }

            await ports.Items.SendAsync(new ItemMessage(runId, item.Id).ToJson(), cancellationToken: cancellationToken).ConfigureAwait(false);
            sent++;
        }

        // Workers count their items even while the run is pending, so this step never touches the counts.
        var started = await completion.ApplyAsync(
            runId,
            r => r.Status == RunStatus.Pending ? r with { Status = RunStatus.Running } : r,
            cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Run {RunId}: planned {Total} items, enqueued {Sent}; now {Status}.",
            runId, prepared.Items.Count, sent, started.After?.Status ?? started.Before?.Status);
    }

    private async Task SummarizeAsync(string runId, CancellationToken cancellationToken)
    {
        var record = await ports.Runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.Value.Status != RunStatus.Summarizing)
        {
            logger.LogInformation("Run {RunId}: summary skipped (status {Status}).", runId, record?.Value.Status.ToString() ?? "unknown");
            return;
        }

        var run = record.Value;
        CloudPreparedRun prepared;
        try
        {
            prepared = await preparedRuns.GetAsync(runId, ParseSpec(run), cancellationToken).ConfigureAwait(false);
        }
        catch (CloudFreqException ex)
        {
            await FailRunAsync(runId, "summary: " + ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (prepared.Run.Fingerprint != run.Fingerprint)
        {
            await FailRunAsync(runId, "summary: the run's datasets or models changed during the run; start a new run.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var rows = (await ports.Runs.ListItemsAsync(runId, cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.Value.ItemId, r => r.Value, StringComparer.Ordinal);
        var results = new Dictionary<string, ItemResult>(StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in prepared.Items.OrderBy(i => i.Id, StringComparer.Ordinal))
        {
            var name = CloudNames.ItemResultBlob(runId, item.Id);
            var bytes = await ports.Blobs.ReadAsync(name, cancellationToken).ConfigureAwait(false);
            if (bytes is not null)
            {
                var result = JsonSerializer.Deserialize<ItemResult>(bytes, RunJson.Options)
                    ?? throw new CloudFreqException($"{ports.Blobs.Describe(name)}: empty item result.");
                results[item.Id] = result.ItemId == item.Id
                    ? result
                    : throw new CloudFreqException($"{ports.Blobs.Describe(name)}: holds the result of item {result.ItemId}, not {item.Id}.");
            }
            else if (rows.TryGetValue(item.Id, out var row) && row.Error is not null)
            {
                failures[item.Id] = row.Error;
            }
        }

        // The report's galleries show each dataset's first image: its shard must be here.
        for (var d = 0; d < prepared.Run.Datasets.Count; d++)
        {
            await shards.StageAsync(prepared.Run, d, [0], cancellationToken).ConfigureAwait(false);
        }

        var completed = clock.GetUtcNow();
        var report = summarizer.Summarize(prepared.Run, runId, prepared.Items, results, run.CreatedTime, completed, completed - run.CreatedTime, failures);
        var files = await reports.WriteAsync(report, new PrefixedBlobStore(ports.Blobs, CloudNames.ReportsPrefix(runId)), cancellationToken).ConfigureAwait(false);
        var ended = await ports.Runs.UpdateRunAsync(
            runId,
            r => r.Status == RunStatus.Summarizing ? r with { Status = RunStatus.Completed, LastUpdatedTime = completed } : null,
            cancellationToken).ConfigureAwait(false);
        if (ended.Changed)
        {
            WorkflowTelemetry.RunsEnded.Add(1, new KeyValuePair<string, object?>("status", "completed"));
        }

        logger.LogInformation("Run {RunId}: report written ({Files}); {Results} results, {Failures} failed items.",
            runId, string.Join(", ", files), results.Count, failures.Count);
    }

    private async Task FailRunAsync(string runId, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var update = await ports.Runs.UpdateRunAsync(
            runId,
            r => r.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled
                ? null
                : r with { Status = RunStatus.Failed, Error = error, LastUpdatedTime = now },
            cancellationToken).ConfigureAwait(false);
        if (update.Changed)
        {
            WorkflowTelemetry.RunsEnded.Add(1, new KeyValuePair<string, object?>("status", "failed"));
        }
    }

    internal static RunSpec ParseSpec(RunState run)
    {
        try
        {
            return JsonSerializer.Deserialize<RunSpec>(run.SpecJson, RunJson.Options)
                ?? throw new CloudFreqException($"run {run.RunId}: the recorded spec is empty.");
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"run {run.RunId}: the recorded spec is unreadable ({ex.Message}).", ex);
        }
    }
}
