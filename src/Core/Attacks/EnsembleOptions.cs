namespace CloudFreq.Core.Attacks;

/// <summary>Settings of the "apgd-ensemble" built by <see cref="AttackCatalog"/>.</summary>
public sealed record EnsembleOptions
{
    /// <summary>
    /// Member attack names, run in this order. The default is AutoAttack's standard set without
    /// FAB-T: APGD-CE, APGD-T and Square.
    /// </summary>
    public IReadOnlyList<string> Members { get; init; } = ["apgd-ce", "apgd-t", "square"];

    /// <summary>Options per member name (for example "apgd-ce" to an <see cref="ApgdOptions"/>); missing names use defaults.</summary>
    public IReadOnlyDictionary<string, object>? MemberOptions { get; init; }
}
