namespace CloudFreq.Core.Attacks;

/// <summary>
/// Builds every <see cref="AttackResult"/>: re-scores the returned images with the plain model
/// (<see cref="Scoring.IClassifier.Score"/>) so Predicted and Success never come from an attack's
/// own bookkeeping, and measures each perturbation against the clean image.
/// </summary>
internal static class AttackVerification
{
    /// <param name="targets">Targets when success means "classified as the target"; null for untargeted.</param>
    /// <param name="failureNorm">
    /// Norm reported for images that are not fooled: null reports the measured norm (bounded
    /// attacks); +infinity is the minimal-perturbation convention (no adversarial found).
    /// </param>
    public static AttackResult Verify(
        IGradientModel model,
        AttackBatch batch,
        float[] adversarial,
        AttackNorm norm,
        int[]? targets,
        double? failureNorm,
        CancellationToken cancellationToken)
    {
        var count = batch.Count;
        var n = model.InputShape.Length;
        var classes = model.ClassCount;
        var logits = new float[count * classes];
        if (count > 0)
        {
            model.Score(adversarial, count, logits, cancellationToken);
        }

        var predicted = new int[count];
        var success = new bool[count];
        var norms = new double[count];
        for (var i = 0; i < count; i++)
        {
            predicted[i] = AttackGoal.ArgMax(logits.AsSpan(i * classes, classes));
            success[i] = AttackGoal.IsSuccess(predicted[i], batch.Labels[i], targets?[i] ?? -1, targets is not null);
            norms[i] = !success[i] && failureNorm is { } f
                ? f
                : PerturbationMath.Distance(norm, adversarial.AsSpan(i * n, n), batch.Images.AsSpan(i * n, n));
        }

        return new AttackResult(adversarial, predicted, success, norms);
    }

    /// <summary>The plain model's logits on the clean images (count x ClassCount).</summary>
    public static float[] CleanLogits(IGradientModel model, AttackBatch batch, CancellationToken cancellationToken)
    {
        var logits = new float[batch.Count * model.ClassCount];
        if (batch.Count > 0)
        {
            model.Score(batch.Images, batch.Count, logits, cancellationToken);
        }

        return logits;
    }

    /// <summary>Per image, whether the clean image already fools the model (misclassified, or already the target).</summary>
    public static bool[] CleanSuccess(IGradientModel model, AttackBatch batch, float[] cleanLogits, int[]? targets)
    {
        var classes = model.ClassCount;
        var done = new bool[batch.Count];
        for (var i = 0; i < done.Length; i++)
        {
            done[i] = AttackGoal.IsSuccess(cleanLogits.AsSpan(i * classes, classes), batch.Labels[i], targets?[i] ?? -1, targets is not null);
        }

        return done;
    }
}
