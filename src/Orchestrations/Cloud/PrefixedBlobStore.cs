using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Cloud;

/// <summary>A view of a blob store under a prefix (<c>reports/RUN/</c>), so the shared report publisher writes there.</summary>
public sealed class PrefixedBlobStore(IBlobStore inner, string prefix) : IBlobStore
{
    public Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.TryCreateAsync(prefix + name, content, cancellationToken);

    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(prefix + name, content, cancellationToken);

    public Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(prefix + name, cancellationToken);

    public async Task<IReadOnlyList<string>> ListAsync(string prefix1, CancellationToken cancellationToken = default) =>
        [.. (await inner.ListAsync(prefix + prefix1, cancellationToken).ConfigureAwait(false)).Select(n => n[prefix.Length..])];

    public string Describe(string name) => inner.Describe(prefix + name);
}
