using System.Collections.Concurrent;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Cloud.Fakes;

/// <summary>A blob store that passes every call through and records each blob read (name and size), as one worker sees storage.</summary>
internal sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly ConcurrentQueue<(string Name, long Bytes)> _reads = new();

    /// <summary>The reads of blobs that existed, in order.</summary>
    public IReadOnlyList<(string Name, long Bytes)> Reads => [.. _reads];

    public Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.TryCreateAsync(name, content, cancellationToken);

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(name, content, cancellationToken);

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var bytes = await inner.ReadAsync(name, cancellationToken);
        if (bytes is not null)
        {
            _reads.Enqueue((name, bytes.LongLength));
        }

        return bytes;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public string Describe(string name) => inner.Describe(name);
}
