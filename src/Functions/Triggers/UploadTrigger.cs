using CloudFreq.Functions.Durable;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CloudFreq.Functions.Triggers;

/// <summary>
/// Starts a run when <c>cloudfreq upload</c> writes a dataset's marker (<c>datasets/NAME/run.json</c>, last):
/// a blob trigger fed by Event Grid (no container polling). The run id derives from the marker's path, so a
/// second event for the same marker starts nothing (<see cref="Orchestrations.Workflow.MarkerTrigger"/>).
/// </summary>
public sealed class UploadTrigger(CloudRunsFactory runs)
{
    public const string Name = "UploadMarker";

    /// <summary>The blob path pattern: container <c>datasets</c>, blob <c>{name}/run.json</c>.</summary>
    public const string Path = CloudNames.DatasetsContainer + "/{name}/" + CloudNames.MarkerFile;

    /// <summary>The app setting that names the storage account (the Functions host's own).</summary>
    public const string Connection = "AzureWebJobsStorage";

    [Function(Name)]
    public Task<string?> RunAsync(
        [BlobTrigger(Path, Source = BlobTriggerSource.EventGrid, Connection = Connection)] byte[] marker,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        // The trigger hands the blob's bytes, but the marker trigger reads the marker itself (one code path with serve's poller).
        _ = marker;
        return runs.CreateMarkerTrigger(new DurableTaskClientPort(client)).StartAsync(CloudNames.MarkerBlob(name), cancellationToken);
    }
}
