namespace CloudFreq.Core.Attacks;

/// <summary>
/// The per-image objective a gradient attack maximizes. Every value is "higher = closer to (or
/// further past) a successful attack", so attacks always ascend.
/// </summary>
/// <remarks>
/// z are the logits, y the true label, t the target class, pi the logits sorted in decreasing order.
/// </remarks>
public enum AttackLoss
{
    /// <summary>Cross-entropy of the true label: -log softmax(z)_y.</summary>
    CrossEntropy,

    /// <summary>Targeted: log softmax(z)_t (minus the cross-entropy of the target).</summary>
    TargetedCrossEntropy,

    /// <summary>Carlini-Wagner margin: max_{i != y} z_i - z_y (positive = misclassified).</summary>
    Margin,

    /// <summary>Targeted margin: z_t - max_{i != t} z_i (positive = classified as t).</summary>
    TargetedMargin,

    /// <summary>Difference of logits ratio: -(z_y - max_{i != y} z_i) / (pi_1 - pi_3 + 1e-12).</summary>
    Dlr,

    /// <summary>Targeted DLR: -(z_y - z_t) / (pi_1 - (pi_3 + pi_4) / 2 + 1e-12); needs 4 or more classes.</summary>
    TargetedDlr,
}
