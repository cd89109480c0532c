namespace CloudFreq.Core.Attacks;

/// <summary>What each <see cref="AttackLoss"/> needs: a target class, a minimum number of classes.</summary>
public static class AttackLossFacts
{
    /// <summary>True for the losses that aim at a target class (and read the targets).</summary>
    public static bool IsTargeted(this AttackLoss loss) => loss switch
    {
        AttackLoss.TargetedCrossEntropy or AttackLoss.TargetedMargin or AttackLoss.TargetedDlr => true,
        _ => false,
    };

    /// <summary>Classes the loss needs: DLR reads pi_3, targeted DLR pi_3 and pi_4.</summary>
    public static int MinimumClasses(this AttackLoss loss) => loss switch
    {
        AttackLoss.Dlr => 3,
        AttackLoss.TargetedDlr => 4,
        _ => 2,
    };
}
