using System.Globalization;
using System.Text.Json;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// The runs API over Durable Task: a run is a <see cref="RunOrchestrator"/> instance whose id is the
/// run id. Start validates the spec (<see cref="RunInputStager.ValidateAsync"/>: the one structural
/// validator, <see cref="RunSpecValidator"/>, then the blobs),
/// writes the spec blob and schedules the orchestration; status reads the instance and adds the
/// custom statuses of its running groups; cancel writes the run's cancel blob and raises the cancel event.
/// </summary>
public sealed partial class DurableCloudRuns(
    IOrchestrationClient client,
    RunBlobs blobs,
    RunInputStager validator,
    WorkflowSettings settings,
    TimeProvider clock,
    ILogger<DurableCloudRuns> logger) : ICloudRuns
{
    private static readonly string[] ReportFiles = [ReportPublisher.CsvName, ReportPublisher.JsonName, ReportPublisher.HtmlName];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RunState> StartAsync(RunSpec spec, string source, string? runId = null, CancellationToken cancellationToken = default)
    {
        if (runId is not null)
        {
            if (RunIds.Problem(runId) is { } problem)
            {
                throw new RunSpecException("runId", "runId: " + problem);
            }

            if (await GetAsync(runId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }
        }

        var validated = await validator.ValidateAsync(spec, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var id = runId ?? RunIds.New(now);
        await blobs.TryCreateSpecAsync(new StoredRunSpec(id, source, now, validated), cancellationToken).ConfigureAwait(false);
        var started = await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.RunOrchestrator, id, new RunInput(id, source, settings), cancellationToken).ConfigureAwait(false);
        if (started)
        {
            LogAccepted(logger, id, source, validated.Datasets.Count, validated.Models.Count, validated.Suite);
        }

        return await GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? new RunState(id, RunStatus.Pending, now, now, source, JsonSerializer.Serialize(validated, RunJson.Options));
    }

    /// <summary>Starts a run that fails at once with <paramref name="error"/> (an invalid upload marker), so the refusal is visible as a run.</summary>
    public async Task StartRefusedAsync(string runId, string source, string error, CancellationToken cancellationToken = default)
    {
        if (await client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.RunOrchestrator, runId, new RunInput(runId, source, settings, error), cancellationToken).ConfigureAwait(false))
        {
            LogRefused(logger, runId, source, error);
        }
    }

    public async Task<RunState?> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (RunIds.Problem(runId) is not null)
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != WorkflowNames.RunOrchestrator)
        {
            return null;
        }

        var state = ToRunState(instance);
        var stored = await blobs.ReadSpecAsync(runId, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            state = state with { SpecJson = JsonSerializer.Serialize(stored.Spec, RunJson.Options) };
        }

        var progress = Read<RunProgress>(instance.SerializedCustomStatus);
        if (state.Status == RunStatus.Running && progress is { Groups: > 0 } && progress.GroupsEnded < progress.Groups)
        {
            // The run's own counts cover ended groups; a running group reports its items itself.
            var (done, failed) = (0, 0);
            for (var g = 0; g < progress.Groups; g++)
            {
                var group = await client.GetInstanceAsync(WorkflowNames.GroupInstanceId(runId, g), getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
                if (Read<RunProgress>(group?.SerializedCustomStatus) is { } counts)
                {
                    done += counts.ItemsDone;
                    failed += counts.ItemsFailed;
                }
            }

            state = state with { Done = Math.Max(done, state.Done), Failed = Math.Max(failed, state.Failed) };
        }

        return state;
    }

    public async Task<RunPage> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        var offset = 0;
        if (continuation is not null && (!continuation.StartsWith("o", StringComparison.Ordinal)
            || !int.TryParse(continuation.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            throw new FormatException("not a continuation token of this API.");
        }

        // The task hub lists instances by id; runs are shown newest first, so the whole list is sorted.
        var runs = new List<InstanceSnapshot>();
        await foreach (var instance in client.GetAllInstancesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (instance.Name == WorkflowNames.RunOrchestrator && !WorkflowNames.IsGroupInstance(instance.InstanceId))
            {
                runs.Add(instance);
            }
        }

        var size = Math.Clamp(pageSize, 1, 1000);
        var page = runs
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.InstanceId, StringComparer.Ordinal)
            .Skip(offset).Take(size)
            .Select(ToRunState).ToList();
        var next = offset + size < runs.Count ? "o" + (offset + size).ToString(CultureInfo.InvariantCulture) : null;
        return new RunPage(page, next);
    }

    public async Task<RunState?> CancelAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await GetAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run is null || run.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Canceled)
        {
            return run;
        }

        // The blob stops items already queued; the event stops the orchestrators from scheduling more.
        await blobs.MarkCanceledAsync(runId, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await client.RaiseEventAsync(runId, WorkflowNames.CancelEvent, "canceled", cancellationToken).ConfigureAwait(false);
        LogCancel(logger, runId);
        return run;
    }

    public async Task<byte[]?> ReadReportAsync(string runId, string fileName, CancellationToken cancellationToken = default) =>
        RunIds.Problem(runId) is null && ReportFiles.Contains(fileName, StringComparer.Ordinal)
            ? await blobs.Store.ReadAsync(CloudNames.ReportBlob(runId, fileName), cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>A run as the API shows it: Durable's status, with a canceled or terminated run as Canceled.</summary>
    internal static RunState ToRunState(InstanceSnapshot instance)
    {
        var input = Read<RunInput>(instance.SerializedInput);
        var output = Read<RunOutput>(instance.SerializedOutput);
        var progress = Read<RunProgress>(instance.SerializedCustomStatus);
        var status = instance.RuntimeStatus switch
        {
            InstanceStatus.Pending => RunStatus.Pending,
            InstanceStatus.Completed => output?.Canceled == true ? RunStatus.Canceled : RunStatus.Completed,
            InstanceStatus.Failed => RunStatus.Failed,
            InstanceStatus.Canceled or InstanceStatus.Terminated => RunStatus.Canceled,
            _ => progress?.Phase == "summarizing" ? RunStatus.Summarizing : RunStatus.Running,
        };
        return new RunState(
            instance.InstanceId,
            status,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            input?.Source ?? string.Empty,
            string.Empty,
            Total: output?.Total ?? progress?.ItemsTotal ?? 0,
            Done: output?.Done ?? progress?.ItemsDone ?? 0,
            Failed: output?.Failed ?? progress?.ItemsFailed ?? 0,
            Error: status == RunStatus.Failed ? instance.FailureMessage ?? "the run failed." : null);
    }

    private static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} accepted from {Source}: {Datasets} datasets x {Models} models, suite {Suite}.")]
    private static partial void LogAccepted(ILogger logger, string runId, string source, int datasets, int models, string suite);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} from {Source} refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string runId, string source, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: cancel requested.")]
    private static partial void LogCancel(ILogger logger, string runId);
}
