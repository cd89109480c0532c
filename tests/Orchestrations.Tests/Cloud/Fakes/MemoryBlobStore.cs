using System.Collections.Concurrent;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Tests.Cloud.Fakes;

/// <summary>An in-memory blob store (names are container-first).</summary>
internal sealed class MemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    public Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Task.FromResult(_blobs.TryAdd(name, content.ToArray()));

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        _blobs[name] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(_blobs.TryGetValue(name, out var bytes) ? bytes : null);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. _blobs.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);

    public string Describe(string name) => "memory://" + name;

    public bool Delete(string name) => _blobs.TryRemove(name, out _);

    public void Upload(string name, string localFile) => _blobs[name] = File.ReadAllBytes(localFile);
}
