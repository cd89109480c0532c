using System.Collections.Immutable;

namespace CloudFreq.Core.Corruptions;

/// <summary>
/// A corruption's parameters for severities 1-5 under both presets (shared/docs/corruptions.md),
/// the one place that rejects a severity outside 1..5.
/// </summary>
public sealed class CorruptionTable<T>
{
    public const int Severities = 5;

    public CorruptionTable(IEnumerable<T> imageNetC, IEnumerable<T> cifar10C)
    {
        ImageNetC = [.. imageNetC];
        Cifar10C = [.. cifar10C];
        if (ImageNetC.Length != Severities || Cifar10C.Length != Severities)
        {
            throw new ArgumentException($"A corruption table holds exactly {Severities} severities per preset.");
        }
    }

    public ImmutableArray<T> ImageNetC { get; }

    public ImmutableArray<T> Cifar10C { get; }

    /// <exception cref="ArgumentOutOfRangeException">The severity is outside 1..5 or the preset unknown.</exception>
    public T this[CorruptionPreset preset, int severity]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(severity, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(severity, Severities);
            return preset switch
            {
                CorruptionPreset.ImageNetC => ImageNetC[severity - 1],
                CorruptionPreset.Cifar10C => Cifar10C[severity - 1],
                _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
            };
        }
    }
}
