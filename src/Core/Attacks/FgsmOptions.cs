namespace CloudFreq.Core.Attacks;

/// <summary>Settings of <see cref="FgsmAttack"/>.</summary>
public sealed record FgsmOptions
{
    /// <summary>The loss whose gradient gives the step; a targeted loss makes the attack targeted.</summary>
    public AttackLoss Loss { get; init; } = AttackLoss.CrossEntropy;

    internal void Validate()
    {
        if (!Enum.IsDefined(Loss))
        {
            throw new ArgumentException($"fgsm: unknown loss {Loss}.", nameof(Loss));
        }
    }
}
