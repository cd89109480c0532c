using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// Starts a run when a dataset's marker blob (<c>datasets/NAME/run.json</c>, written last by
/// <c>cloudfreq upload</c>) is created. The marker is a run spec without datasets; the dataset
/// <c>{"path": "datasets/NAME"}</c> is added (an optional <c>"dataset"</c> object in the marker gives
/// its name and options). The run id derives from the marker's name, so a marker seen twice or
/// rewritten starts one run. An invalid marker becomes a Failed run record with the error.
/// </summary>
public sealed class TriggerHandler(CloudPorts ports, ICloudRuns runs, TimeProvider clock, ILogger<TriggerHandler> logger) : IQueueMessageHandler
{
    public IWorkQueue Queue => ports.Trigger;

    public async Task HandleAsync(QueueMessageLease message, CancellationToken cancellationToken)
    {
        IReadOnlyList<BlobCreatedEvent> events;
        try
        {
            events = BlobCreatedEvent.Parse(message.Body);
        }
        catch (CloudFreqException ex)
        {
            logger.LogWarning("Dropping an unreadable trigger message {MessageId}: {Error}", message.MessageId, ex.Message);
            return;
        }

        foreach (var ev in events)
        {
            await HandleMarkerAsync(ev.BlobName, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task HandlePoisonAsync(QueueMessageLease message, string? lastError, CancellationToken cancellationToken)
    {
        logger.LogError("Trigger message {MessageId} failed {Count} times: {Error}", message.MessageId, message.DequeueCount - 1, lastError);
        return Task.CompletedTask;
    }

    /// <summary>The dataset prefix of a marker blob (<c>datasets/NAME</c>), or null when the blob is no marker.</summary>
    public static string? DatasetOfMarker(string blobName)
    {
        var suffix = "/" + CloudNames.MarkerFile;
        if (!blobName.StartsWith(CloudNames.DatasetsContainer + "/", StringComparison.Ordinal) || !blobName.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var prefix = blobName[..^suffix.Length];
        try
        {
            var checkedPrefix = BlobNameRules.Check(prefix, CloudNames.DatasetsContainer, "marker");
            return checkedPrefix.Split('/').Length >= 2 ? checkedPrefix : null;
        }
        catch (RunSpecException)
        {
            return null;
        }
    }

    private async Task HandleMarkerAsync(string blobName, CancellationToken cancellationToken)
    {
        var dataset = DatasetOfMarker(blobName);
        if (dataset is null)
        {
            logger.LogDebug("Ignoring blob {Blob}: not a dataset marker.", blobName);
            return;
        }

        var runId = RunIds.ForMarker(blobName, BlobNameRules.LastSegment(dataset));
        using var scope = logger.ForRun(runId);
        if (await ports.Runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is not null)
        {
            logger.LogInformation("Marker {Blob}: run {RunId} already exists; nothing to start.", blobName, runId);
            return;
        }

        var bytes = await ports.Blobs.ReadAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            logger.LogWarning("Marker {Blob} is gone; nothing to start.", blobName);
            return;
        }

        var text = Encoding.UTF8.GetString(bytes);
        try
        {
            var spec = ParseMarker(text, dataset);
            var run = await runs.StartAsync(spec, blobName, runId, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Marker {Blob}: run {RunId} is {Status}.", blobName, run.RunId, run.Status);
        }
        catch (CloudFreqException ex)
        {
            var now = clock.GetUtcNow();
            var error = ex is RunSpecException spec ? $"{blobName}: {spec.Message}" : $"{blobName}: {ex.Message}";
            logger.LogError("Marker {Blob}: invalid run spec: {Error}", blobName, error);
            await ports.Runs.TryCreateRunAsync(
                new RunState(runId, RunStatus.Failed, now, now, blobName, text, Error: error),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A marker's run spec with its dataset added.</summary>
    /// <exception cref="RunSpecException">The marker is not a run spec.</exception>
    public static RunSpec ParseMarker(string text, string datasetPrefix)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new RunSpecException("$", "the marker must be a JSON object (a run spec without datasets).");
        }
        catch (JsonException ex)
        {
            throw new RunSpecException("$", $"the marker is not valid JSON: {ex.Message}");
        }

        if (!root.ContainsKey("datasets"))
        {
            var entry = root["dataset"] is JsonObject given ? (JsonObject)given.DeepClone() : new JsonObject();
            root.Remove("dataset");
            entry["path"] = datasetPrefix;
            root["datasets"] = new JsonArray(entry);
        }

        try
        {
            return root.Deserialize<RunSpec>(RunJson.Options) ?? throw new RunSpecException("$", "the marker is empty.");
        }
        catch (JsonException ex)
        {
            throw new RunSpecException(ex.Path ?? "$", $"the marker is not a valid run spec: {ex.Message}");
        }
    }
}
