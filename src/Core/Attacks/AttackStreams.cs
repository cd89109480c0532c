namespace CloudFreq.Core.Attacks;

/// <summary>
/// Stream ids that keep the random draws of different attacks on the same image seed unrelated
/// (PGD's start and APGD's start differ even though both come from the image's seed).
/// </summary>
internal static class AttackStreams
{
    public const ulong Pgd = 1;
    public const ulong Apgd = 2;
    public const ulong ApgdTargeted = 3;
    public const ulong Square = 4;
    public const ulong Ensemble = 5;
}
