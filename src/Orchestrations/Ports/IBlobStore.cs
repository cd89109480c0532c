namespace CloudFreq.Orchestrations.Ports;

/// <summary>
/// Named blobs: the run's durable memory. Results are written create-if-absent, so a duplicate
/// delivery of a work item cannot overwrite or double-count a result.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes <paramref name="content"/> under <paramref name="name"/> unless a blob of that name exists.</summary>
    /// <returns>True when this call created the blob; false when it already existed (nothing written).</returns>
    Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Writes or replaces a blob (reports, run records).</summary>
    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads a blob, or null when absent.</summary>
    Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Whether a blob exists, without downloading it (adapters ask for its properties).</summary>
    async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        await ReadAsync(name, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Names of the blobs under <paramref name="prefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Where a blob lives, for messages: a file path or a URI.</summary>
    string Describe(string name);
}
