using CloudFreq.Core.Corruptions.Blur;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Corruptions.Weather;

namespace CloudFreq.Core.Corruptions;

/// <summary>The catalog of every corruption CloudFreq implements.</summary>
public static class DefaultCorruptions
{
    /// <param name="frostTextures">Where frost reads its textures; the copies embedded in the assembly by default.</param>
    public static CorruptionCatalog Create(IFrostTextureSource? frostTextures = null) =>
        new([.. NoiseAndDigitalCorruptions.All, .. BlurCorruptions.All, .. WeatherAndGeometricCorruptions.All(frostTextures ?? new EmbeddedFrostTextureSource())]);
}
