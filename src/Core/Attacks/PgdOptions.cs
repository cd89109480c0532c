namespace CloudFreq.Core.Attacks;

/// <summary>Settings of <see cref="PgdAttack"/>.</summary>
public sealed record PgdOptions
{
    /// <summary>Gradient steps per restart.</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Fixed step size; null means 2.5 * eps / Steps (Madry et al., the robustness library).</summary>
    public double? StepSize { get; init; }

    /// <summary>Runs from independent random starts; each image keeps its best (a success, else the highest loss).</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Start from a random point in the ball (uniform in the L-inf cube; L2: random direction, radius uniform in [0, eps]) instead of the clean image.</summary>
    public bool RandomStart { get; init; } = true;

    /// <summary>The ascended loss; a targeted loss makes the attack targeted.</summary>
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    internal double ResolveStepSize(double epsilon) => StepSize ?? 2.5 * epsilon / Steps;

    internal void Validate()
    {
        if (Steps < 1)
        {
            throw new ArgumentException($"pgd: Steps must be at least 1 (got {Steps}).", nameof(Steps));
        }

        if (StepSize is { } s && (!double.IsFinite(s) || s <= 0))
        {
            throw new ArgumentException($"pgd: StepSize must be finite and positive (got {s}).", nameof(StepSize));
        }

        if (Restarts < 1)
        {
            throw new ArgumentException($"pgd: Restarts must be at least 1 (got {Restarts}).", nameof(Restarts));
        }

        if (!Enum.IsDefined(Loss))
        {
            throw new ArgumentException($"pgd: unknown loss {Loss}.", nameof(Loss));
        }
    }
}
