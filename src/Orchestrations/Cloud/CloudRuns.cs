using System.Text.Json;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Starts, reads, lists and cancels cloud runs. Start validates the spec against the blob store,
/// writes the run record (Pending) and enqueues its plan step; with a given run id that is taken,
/// it returns the existing run (a lost plan message is re-sent by the sweep).
/// </summary>
public sealed class CloudRuns(CloudPorts ports, RunInputStager stager, TimeProvider clock, ILogger<CloudRuns> logger) : ICloudRuns
{
    private static readonly string[] ReportFiles = [ReportPublisher.CsvName, ReportPublisher.JsonName, ReportPublisher.HtmlName];

    public async Task<RunState> StartAsync(RunSpec spec, string source, string? runId = null, CancellationToken cancellationToken = default)
    {
        if (runId is not null)
        {
            if (!RunIds.IsValid(runId))
            {
                throw new RunSpecException("runId", $"runId: '{runId}' must be 1-{RunIds.MaxLength} letters, digits, '-' or '_'.");
            }

            if (await ports.Runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing.Value;
            }
        }

        var validated = await stager.ValidateAsync(spec, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var run = new RunState(runId ?? RunIds.New(now), RunStatus.Pending, now, now, source, JsonSerializer.Serialize(validated, RunJson.Options));
        if (!await ports.Runs.TryCreateRunAsync(run, cancellationToken).ConfigureAwait(false))
        {
            return (await ports.Runs.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false))?.Value ?? run;
        }

        await ports.Control.SendAsync(ControlMessage.ForPlan(run.RunId).ToJson(), cancellationToken: cancellationToken).ConfigureAwait(false);
        using var scope = logger.ForRun(run.RunId);
        logger.LogInformation("Run {RunId} accepted from {Source}: {Datasets} datasets x {Models} models, suite {Suite}.",
            run.RunId, source, validated.Datasets.Count, validated.Models.Count, validated.Suite);
        return run;
    }

    public async Task<RunState?> GetAsync(string runId, CancellationToken cancellationToken = default) =>
        RunIds.IsValid(runId) ? (await ports.Runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false))?.Value : null;

    public Task<RunPage> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default) =>
        ports.Runs.ListRunsAsync(continuation, Math.Clamp(pageSize, 1, 1000), cancellationToken);

    public async Task<RunState?> CancelAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (!RunIds.IsValid(runId))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var update = await ports.Runs.UpdateRunAsync(
            runId,
            r => r.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled
                ? null
                : r with { Status = RunStatus.Canceled, LastUpdatedTime = now },
            cancellationToken).ConfigureAwait(false);
        if (update.Changed)
        {
            using var scope = logger.ForRun(runId);
            logger.LogInformation("Run {RunId} canceled ({Done} of {Total} items done).", runId, update.After!.Done, update.After.Total);
            WorkflowTelemetry.RunsEnded.Add(1, new KeyValuePair<string, object?>("status", "canceled"));
        }

        return update.After ?? update.Before;
    }

    public Task<byte[]?> ReadReportAsync(string runId, string fileName, CancellationToken cancellationToken = default) =>
        RunIds.IsValid(runId) && ReportFiles.Contains(fileName, StringComparer.Ordinal)
            ? ports.Blobs.ReadAsync(CloudNames.ReportBlob(runId, fileName), cancellationToken)
            : Task.FromResult<byte[]?>(null);
}
