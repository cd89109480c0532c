using System.Security.Cryptography;
using System.Text.Json;
using CloudFreq.Orchestrations.Ports;
using CloudFreq.Orchestrations.Workflow;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// The local stand-in for Event Grid: lists <c>datasets/</c>, finds <c>NAME/run.json</c> markers it has
/// not announced (or whose content changed), and hands each to the <see cref="MarkerTrigger"/>. What it
/// has announced is kept in <see cref="CloudNames.PollerCheckpointBlob"/> (marker name -> SHA-256 of its
/// content), written after the runs are started, so a crash announces again (harmless: run ids derive
/// from the marker, and several hosts polling one account start each run once).
/// </summary>
public sealed class MarkerPoller(IBlobStore blobs, MarkerTrigger trigger, ILogger<MarkerPoller> logger)
{
    /// <returns>The markers announced by this pass.</returns>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var seen = await ReadCheckpointAsync(cancellationToken).ConfigureAwait(false);
        var names = await blobs.ListAsync(CloudNames.DatasetsContainer + "/", cancellationToken).ConfigureAwait(false);
        var announced = new List<string>();
        foreach (var name in names)
        {
            if (MarkerTrigger.DatasetOfMarker(name) is not { } dataset || dataset.Split('/').Length != 2)
            {
                continue;
            }

            var bytes = await blobs.ReadAsync(name, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (seen.TryGetValue(name, out var previous) && previous == hash)
            {
                continue;
            }

            await trigger.StartAsync(name, cancellationToken).ConfigureAwait(false);
            seen[name] = hash;
            announced.Add(name);
        }

        if (announced.Count > 0)
        {
            await blobs.WriteAsync(
                CloudNames.PollerCheckpointBlob,
                JsonSerializer.SerializeToUtf8Bytes(new Checkpoint(seen), CheckpointJson),
                cancellationToken).ConfigureAwait(false);
        }

        return announced;
    }

    private async Task<Dictionary<string, string>> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        var bytes = await blobs.ReadAsync(CloudNames.PollerCheckpointBlob, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            var checkpoint = JsonSerializer.Deserialize<Checkpoint>(bytes, CheckpointJson);
            return new(checkpoint?.Seen ?? [], StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Poller checkpoint unreadable ({Error}); markers will be announced again.", ex.Message);
            return new(StringComparer.Ordinal);
        }
    }

    private static readonly JsonSerializerOptions CheckpointJson = new(JsonSerializerDefaults.Web);

    private sealed record Checkpoint(Dictionary<string, string> Seen);
}
