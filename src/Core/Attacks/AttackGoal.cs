namespace CloudFreq.Core.Attacks;

/// <summary>What counts as fooled: any class but the label (untargeted) or exactly the target.</summary>
internal static class AttackGoal
{
    /// <summary>Index of the largest logit (the first one on ties, as argmax does).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>True when <paramref name="predicted"/> fools the model for this image.</summary>
    public static bool IsSuccess(int predicted, int label, int target, bool targeted) =>
        targeted ? predicted == target : predicted != label;

    /// <summary>True when the logits row fools the model for this image.</summary>
    public static bool IsSuccess(ReadOnlySpan<float> logits, int label, int target, bool targeted) =>
        IsSuccess(ArgMax(logits), label, target, targeted);

    /// <summary>True for the losses that aim at <see cref="AttackBatch.Targets"/>.</summary>
    public static bool IsTargeted(AttackLoss loss) =>
        loss is AttackLoss.TargetedCrossEntropy or AttackLoss.TargetedMargin or AttackLoss.TargetedDlr;
}
