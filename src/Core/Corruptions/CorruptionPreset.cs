namespace CloudFreq.Core.Corruptions;

/// <summary>Which parameter table a corruption uses (shared/docs/corruptions.md).</summary>
public enum CorruptionPreset
{
    /// <summary>ImageNet-C strengths, for 224 px images.</summary>
    ImageNetC,

    /// <summary>CIFAR-10-C strengths, for 32 px images.</summary>
    Cifar10C,
}
