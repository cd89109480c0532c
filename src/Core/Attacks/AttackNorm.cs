namespace CloudFreq.Core.Attacks;

/// <summary>The norm that bounds (or, for minimal-perturbation attacks, measures) a perturbation.</summary>
public enum AttackNorm
{
    /// <summary>Max absolute pixel change (condition value "linf").</summary>
    LInf,

    /// <summary>Euclidean norm over all pixels and channels of one image (condition value "l2").</summary>
    L2,
}
