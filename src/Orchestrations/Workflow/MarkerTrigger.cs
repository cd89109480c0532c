using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Runs;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Workflow;

/// <summary>
/// Starts a run when a dataset's marker blob (<c>datasets/NAME/run.json</c>, written last by
/// <c>cloudfreq upload</c>) appears: the Event Grid blob trigger in Azure, the marker poller in
/// <c>cloudfreq serve</c>. The marker is a run spec without datasets; the dataset
/// <c>{"path": "datasets/NAME"}</c> is added (an optional <c>"dataset"</c> object in the marker gives its
/// name and options). The run id derives from the marker's name, so a marker seen twice starts one
/// run. An invalid marker starts a run that fails at once with the error, so the refusal is visible.
/// </summary>
public sealed partial class MarkerTrigger(DurableCloudRuns runs, IBlobStore blobs, ILogger<MarkerTrigger> logger)
{
    /// <returns>The run id the marker maps to, or null when the blob is no marker.</returns>
    public async Task<string?> StartAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var dataset = DatasetOfMarker(blobName);
        if (dataset is null)
        {
            return null;
        }

        var runId = RunIds.ForMarker(blobName, BlobNameRules.LastSegment(dataset));
        if (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not null)
        {
            LogExists(logger, blobName, runId);
            return runId;
        }

        var bytes = await blobs.ReadAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            var spec = ParseMarker(Encoding.UTF8.GetString(bytes), dataset);
            var run = await runs.StartAsync(spec, blobName, runId, cancellationToken).ConfigureAwait(false);
            LogStarted(logger, blobName, run.RunId);
        }
        catch (CloudFreqException ex)
        {
            await runs.StartRefusedAsync(runId, blobName, $"{blobName}: {ex.Message}", cancellationToken).ConfigureAwait(false);
        }

        return runId;
    }

    /// <summary>The dataset prefix of a marker blob (<c>datasets/NAME</c>), or null when the blob is no marker.</summary>
    public static string? DatasetOfMarker(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Marker {Blob}: run {RunId} already exists; nothing to start.")]
    private static partial void LogExists(ILogger logger, string blob, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Marker {Blob}: run {RunId} started.")]
    private static partial void LogStarted(ILogger logger, string blob, string runId);
}
