namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// Where the frost corruption reads its six texture files from: the assembly's embedded resources
/// on cloud workers (<see cref="EmbeddedFrostTextureSource"/>) or a folder (<see cref="FolderFrostTextureSource"/>).
/// </summary>
public interface IFrostTextureSource
{
    /// <summary>Opens one of <see cref="FrostTextureFiles.Names"/> for reading; the caller disposes the stream.</summary>
    Stream Open(string fileName);
}
