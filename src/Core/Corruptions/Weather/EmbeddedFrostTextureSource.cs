using System.Reflection;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// Reads the frost textures embedded in CloudFreq.Core, so that cloud workers need no data folder.
/// Each file is a resource named <see cref="LogicalNamePrefix"/> + file name.
/// </summary>
public sealed class EmbeddedFrostTextureSource : IFrostTextureSource
{
    /// <summary>The logical-name prefix the project file gives the embedded textures.</summary>
    public const string LogicalNamePrefix = "CloudFreq.Core.Corruptions.Weather.FrostTextures.";

    private readonly Assembly _assembly;

    /// <summary>Reads from <paramref name="assembly"/>, CloudFreq.Core by default.</summary>
    public EmbeddedFrostTextureSource(Assembly? assembly = null)
    {
        _assembly = assembly ?? typeof(EmbeddedFrostTextureSource).Assembly;
    }

    public Stream Open(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var resourceName = LogicalNamePrefix + fileName;
        return _assembly.GetManifestResourceStream(resourceName)
            ?? throw new FileNotFoundException(
                $"Frost texture resource '{resourceName}' is not embedded in {_assembly.GetName().Name}.", fileName);
    }
}
