namespace CloudFreq.Core.Attacks;

/// <summary>Settings of <see cref="ApgdAttack"/> (AutoAttack's defaults).</summary>
public sealed record ApgdOptions
{
    /// <summary>Iterations N per run.</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Runs from independent random starts on the images not yet fooled.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Share of loss-increasing steps below which a checkpoint halves the step size.</summary>
    public double Rho { get; init; } = 0.75;

    internal void Validate(string attackName)
    {
        ApgdChecks.Validate(attackName, Iterations, Restarts, Rho);
    }
}
