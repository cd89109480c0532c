using System.Security.Cryptography;
using System.Text.Json;
using CloudFreq.Orchestrations.Ports;
using Microsoft.Extensions.Logging;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>
/// The local stand-in for Event Grid: lists <c>datasets/</c>, finds <c>NAME/run.json</c> markers it has
/// not announced (or whose content changed), and sends a blob-created event in the Event Grid shape to
/// the trigger queue. What it has announced is kept in <see cref="CloudNames.PollerCheckpointBlob"/>
/// (marker name -> SHA-256 of its content), written after the messages, so a crash re-sends (harmless:
/// the trigger's run ids are deterministic).
/// </summary>
public sealed class MarkerPoller(CloudPorts ports, TimeProvider clock, ILogger<MarkerPoller> logger)
{
    /// <returns>The markers announced by this pass.</returns>
    public async Task<IReadOnlyList<string>> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var seen = await ReadCheckpointAsync(cancellationToken).ConfigureAwait(false);
        var names = await ports.Blobs.ListAsync(CloudNames.DatasetsContainer + "/", cancellationToken).ConfigureAwait(false);
        var announced = new List<string>();
        foreach (var name in names)
        {
            if (TriggerHandler.DatasetOfMarker(name) is not { } dataset || dataset.Split('/').Length != 2)
            {
                continue;
            }

            var bytes = await ports.Blobs.ReadAsync(name, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                continue;
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (seen.TryGetValue(name, out var previous) && previous == hash)
            {
                continue;
            }

            var message = new BlobCreatedEvent(name, ports.Blobs.Describe(name)).ToJson(clock.GetUtcNow());
            await ports.Trigger.SendAsync(message, cancellationToken: cancellationToken).ConfigureAwait(false);
            seen[name] = hash;
            announced.Add(name);
            logger.LogInformation("Marker {Blob} found; trigger sent.", name);
        }

        if (announced.Count > 0)
        {
            await ports.Blobs.WriteAsync(
                CloudNames.PollerCheckpointBlob,
                JsonSerializer.SerializeToUtf8Bytes(new Checkpoint(seen), MessageJson.Options),
                cancellationToken).ConfigureAwait(false);
        }

        return announced;
    }

    private async Task<Dictionary<string, string>> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        var bytes = await ports.Blobs.ReadAsync(CloudNames.PollerCheckpointBlob, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            var checkpoint = JsonSerializer.Deserialize<Checkpoint>(bytes, MessageJson.Options);
            return new(checkpoint?.Seen ?? [], StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Poller checkpoint unreadable ({Error}); markers will be announced again.", ex.Message);
            return new(StringComparer.Ordinal);
        }
    }

    private sealed record Checkpoint(Dictionary<string, string> Seen);
}
