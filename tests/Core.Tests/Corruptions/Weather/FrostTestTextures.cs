using CloudFreq.Core.Corruptions.Weather;

namespace CloudFreq.Core.Tests.Corruptions.Weather;

/// <summary>The frost textures the tests read: the copy beside the source, as embedded in CloudFreq.Core.</summary>
public static class FrostTestTextures
{
    public static string Folder => Path.Combine(SharedData.RepositoryRoot, "src", "Core", "Corruptions", "Weather", "FrostTextures");

    public static IFrostTextureSource Source() => new FolderFrostTextureSource(Folder);
}

/// <summary>Counts the files opened, to show that textures are decoded once.</summary>
public sealed class CountingFrostTextureSource(IFrostTextureSource inner) : IFrostTextureSource
{
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    public Stream Open(string fileName)
    {
        Interlocked.Increment(ref _opened);
        return inner.Open(fileName);
    }
}
