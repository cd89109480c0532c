namespace CloudFreq.Core.Attacks;

/// <summary>Settings of <see cref="FmnAttack"/> (Pintor et al. 2021; reference defaults except the step count).</summary>
public sealed record FmnOptions
{
    /// <summary>Optimization steps.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>
    /// Initial step size of the unit-L2 gradient step, cosine-annealed to <see cref="AlphaFinal"/>.
    /// Null: 1.0 for L2 (reference) and 10.0 for L-inf, where a unit-L2 step moves each pixel only
    /// about 1/sqrt(pixels) and the eps projection bounds the move anyway.
    /// </summary>
    public double? AlphaInit { get; init; }

    /// <summary>Final step size; null means AlphaInit / 100 (reference).</summary>
    public double? AlphaFinal { get; init; }

    /// <summary>Initial relative change of epsilon per step, cosine-annealed to <see cref="GammaFinal"/>.</summary>
    public double GammaInit { get; init; } = 0.05;

    /// <summary>Final relative change of epsilon.</summary>
    public double GammaFinal { get; init; } = 0.001;

    /// <summary>Aim at <see cref="AttackBatch.Targets"/> (targeted margin) instead of any wrong class (margin).</summary>
    public bool Targeted { get; init; }

    internal double ResolveAlphaInit(AttackNorm norm) => AlphaInit ?? (norm == AttackNorm.L2 ? 1.0 : 10.0);

    internal double ResolveAlphaFinal(AttackNorm norm) => AlphaFinal ?? ResolveAlphaInit(norm) / 100;

    internal void Validate()
    {
        if (Steps < 1)
        {
            throw new ArgumentException($"fmn: Steps must be at least 1 (got {Steps}).", nameof(Steps));
        }

        if (AlphaInit is { } a && (!double.IsFinite(a) || a <= 0))
        {
            throw new ArgumentException($"fmn: AlphaInit must be finite and positive (got {a}).", nameof(AlphaInit));
        }

        if (AlphaFinal is { } f && (!double.IsFinite(f) || f < 0))
        {
            throw new ArgumentException($"fmn: AlphaFinal must be finite and non-negative (got {f}).", nameof(AlphaFinal));
        }

        if (!(GammaInit > 0 && GammaInit < 1) || !(GammaFinal >= 0 && GammaFinal <= GammaInit))
        {
            throw new ArgumentException($"fmn: need 0 <= GammaFinal <= GammaInit < 1 (got {GammaFinal} and {GammaInit}).", nameof(GammaInit));
        }
    }
}
