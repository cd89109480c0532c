namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// The per-severity parameters of one corruption under both presets (shared/docs/corruptions.md),
/// kept as data so that the tables read like the documentation.
/// </summary>
internal sealed class PresetTable<T>
{
    private readonly IReadOnlyList<T> _imageNetC;
    private readonly IReadOnlyList<T> _cifar10C;

    public PresetTable(IReadOnlyList<T> imageNetC, IReadOnlyList<T> cifar10C)
    {
        if (imageNetC.Count != 5 || cifar10C.Count != 5)
        {
            throw new ArgumentException("A preset table has exactly five severities.");
        }

        _imageNetC = imageNetC;
        _cifar10C = cifar10C;
    }

    /// <summary>The parameters at <paramref name="severity"/> (1-5) of <paramref name="preset"/>.</summary>
    public T At(CorruptionPreset preset, int severity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(severity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(severity, 5);
        return preset switch
        {
            CorruptionPreset.ImageNetC => _imageNetC[severity - 1],
            CorruptionPreset.Cifar10C => _cifar10C[severity - 1],
            _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
        };
    }
}
