using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Adapters.Local;

/// <summary>
/// The embedded blob store: blobs are files under a root folder, names use '/' as separator.
/// Writes go to a temporary file first and are moved into place, so a crash never leaves half a blob.
/// </summary>
public sealed class LocalFolderBlobStore(string root) : IBlobStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<bool> TryCreateAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            return false;
        }

        var temp = await WriteTempAsync(path, content, cancellationToken).ConfigureAwait(false);
        try
        {
            return ExclusiveLink.TryPublish(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        var temp = await WriteTempAsync(path, content, cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(name)));

    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> names = Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(names);
    }

    public string Describe(string name) => PathOf(name);

    private string PathOf(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            throw new ArgumentException($"blob name '{name}' is not a relative name.", nameof(name));
        }

        return Path.Combine(Root, name.Replace('/', Path.DirectorySeparatorChar));
    }

    private static async Task<string> WriteTempAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temp, content, cancellationToken).ConfigureAwait(false);
        return temp;
    }
}
