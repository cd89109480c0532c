using CloudFreq.Core.Corruptions.Geometric;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>The weather and geometric corruptions of this family: frost, fog, spatter (extra) and elastic_transform.</summary>
public static class WeatherAndGeometricCorruptions
{
    /// <summary>
    /// New instances of the four corruptions; frost reads its textures from <paramref name="textures"/>
    /// once, on first use (cloud workers pass an <see cref="EmbeddedFrostTextureSource"/>).
    /// </summary>
    public static IReadOnlyList<ICorruption> All(IFrostTextureSource textures)
    {
        ArgumentNullException.ThrowIfNull(textures);
        return [new Frost(textures), new Fog(), new Spatter(), new ElasticTransform()];
    }
}
