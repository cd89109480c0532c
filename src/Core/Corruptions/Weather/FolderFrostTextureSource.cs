namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>Reads the frost textures from a folder holding the six files (for example shared/data/frost).</summary>
public sealed class FolderFrostTextureSource : IFrostTextureSource
{
    public FolderFrostTextureSource(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Folder = folder;
    }

    public string Folder { get; }

    public Stream Open(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return File.OpenRead(Path.Combine(Folder, fileName));
    }
}
