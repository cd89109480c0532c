using CloudFreq.Core.Corruptions.Digital;

namespace CloudFreq.Core.Corruptions;

/// <summary>The catalog of every corruption CloudFreq implements.</summary>
public static class DefaultCorruptions
{
    public static CorruptionCatalog Create() => new([.. NoiseAndDigitalCorruptions.All]);
}
