namespace CloudFreq.Core.Attacks;

/// <summary>Settings of <see cref="SquareAttack"/> (the paper's defaults for AutoAttack).</summary>
public sealed record SquareOptions
{
    /// <summary>Model queries per image (the initialization counts as one), besides one clean and one final check.</summary>
    public int Queries { get; init; } = 5000;

    /// <summary>Initial fraction of pixels a square covers; halved on the reference schedule.</summary>
    public double PInit { get; init; } = 0.8;

    /// <summary>Aim at <see cref="AttackBatch.Targets"/> with the targeted margin instead of any wrong class.</summary>
    public bool Targeted { get; init; }

    internal void Validate()
    {
        if (Queries < 1)
        {
            throw new ArgumentException($"square: Queries must be at least 1 (got {Queries}).", nameof(Queries));
        }

        if (!(PInit > 0 && PInit <= 1))
        {
            throw new ArgumentException($"square: PInit must be in (0, 1] (got {PInit}).", nameof(PInit));
        }
    }
}
