namespace CloudFreq.Core.Tests.Data;

/// <summary>A fresh folder under the temp path, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cloudfreq-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>A path below the folder; its parent folders are created.</summary>
    public string Path(params string[] parts)
    {
        var path = System.IO.Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp cleaner gets it later.
        }
    }
}
