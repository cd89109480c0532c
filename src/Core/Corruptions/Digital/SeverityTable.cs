namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// One corruption's parameters per preset for severities 1..5 (shared/docs/corruptions.md); the
/// single place that rejects a severity outside 1..5.
/// </summary>
internal sealed class SeverityTable<T>
{
    private readonly T[] imageNetC;
    private readonly T[] cifar10C;

    public SeverityTable(T[] imageNetC, T[] cifar10C)
    {
        if (imageNetC.Length != 5 || cifar10C.Length != 5)
        {
            throw new ArgumentException("A severity table holds exactly five entries per preset.");
        }

        this.imageNetC = imageNetC;
        this.cifar10C = cifar10C;
    }

    public T For(CorruptionPreset preset, int severity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(severity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(severity, 5);
        return preset switch
        {
            CorruptionPreset.ImageNetC => imageNetC[severity - 1],
            CorruptionPreset.Cifar10C => cifar10C[severity - 1],
            _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown corruption preset."),
        };
    }
}
