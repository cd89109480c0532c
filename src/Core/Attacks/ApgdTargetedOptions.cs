namespace CloudFreq.Core.Attacks;

/// <summary>Settings of <see cref="ApgdTargetedAttack"/> (AutoAttack's APGD-T defaults).</summary>
public sealed record ApgdTargetedOptions
{
    /// <summary>Iterations N per target class and restart.</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>How many of the top-ranked other classes (by clean logits) to try as targets, in order.</summary>
    public int TargetClasses { get; init; } = 9;

    /// <summary>Restarts per target class.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Share of loss-increasing steps below which a checkpoint halves the step size.</summary>
    public double Rho { get; init; } = 0.75;

    internal void Validate()
    {
        ApgdChecks.Validate("apgd-t", Iterations, Restarts, Rho);
        if (TargetClasses < 1)
        {
            throw new ArgumentException($"apgd-t: TargetClasses must be at least 1 (got {TargetClasses}).", nameof(TargetClasses));
        }
    }
}
