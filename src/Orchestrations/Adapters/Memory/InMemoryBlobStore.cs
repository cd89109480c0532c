using System.Collections.Concurrent;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Adapters.Memory;

/// <summary>An in-process <see cref="IBlobStore"/> (tests, the embedded host): blobs are byte arrays in a dictionary. Thread-safe.</summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, byte[]> blobs = new(StringComparer.Ordinal);

    /// <summary>Blobs held.</summary>
    public int Count => blobs.Count;

    public Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        Task.FromResult(blobs.TryAdd(Check(name), content.ToArray()));

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        blobs[Check(name)] = content.ToArray();
        return Task.CompletedTask;
    }

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(blobs.TryGetValue(Check(name), out var content) ? (byte[]?)content.ToArray() : null);

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(blobs.ContainsKey(Check(name)));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        IReadOnlyList<string> names = [.. blobs.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        return Task.FromResult(names);
    }

    public string Describe(string name) => $"memory:///{Check(name)}";

    private static string Check(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }
}
