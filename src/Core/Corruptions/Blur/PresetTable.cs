using System.Collections.Immutable;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// One corruption's parameters for severities 1-5 in both presets (shared/docs/corruptions.md),
/// immutable so that the tables can be static data.
/// </summary>
public sealed class PresetTable<T>
{
    public const int Severities = 5;

    public PresetTable(IEnumerable<T> imageNetC, IEnumerable<T> cifar10C)
    {
        ImageNetC = [.. imageNetC];
        Cifar10C = [.. cifar10C];
        if (ImageNetC.Length != Severities || Cifar10C.Length != Severities)
        {
            throw new ArgumentException($"A preset table holds exactly {Severities} severities.");
        }
    }

    public ImmutableArray<T> ImageNetC { get; }

    public ImmutableArray<T> Cifar10C { get; }

    /// <summary>The parameters of <paramref name="severity"/> (1-5) in <paramref name="preset"/>.</summary>
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
