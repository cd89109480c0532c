namespace CloudFreq.Core.Attacks;

/// <summary>Checks an <see cref="AttackBatch"/> against the model before an attack touches it.</summary>
internal static class AttackInputs
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public static void Validate(IGradientModel model, AttackBatch batch, bool needsTargets, string attackName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        var count = batch.Count;
        var length = model.InputShape.Length;
        if (batch.Images.Length != (long)count * length)
        {
            throw new ArgumentException(
                $"{attackName}: the batch holds {batch.Images.Length} floats, but {count} images of shape {model.InputShape} need {(long)count * length}.",
                nameof(batch));
        }

        if (batch.Seeds.Length != count)
        {
            throw new ArgumentException($"{attackName}: {batch.Seeds.Length} seeds for {count} images; give one seed per image.", nameof(batch));
        }

        for (var i = 0; i < count; i++)
        {
            if ((uint)batch.Labels[i] >= (uint)model.ClassCount)
            {
                throw new ArgumentException($"{attackName}: label {batch.Labels[i]} of image {i} is outside 0..{model.ClassCount - 1}.", nameof(batch));
            }
        }

        if (needsTargets)
        {
            if (batch.Targets is null || batch.Targets.Length != count)
            {
                throw new ArgumentException($"{attackName} is targeted: the batch needs one target class per image.", nameof(batch));
            }

            for (var i = 0; i < count; i++)
            {
                var target = batch.Targets[i];
                if ((uint)target >= (uint)model.ClassCount)
                {
                    throw new ArgumentException($"{attackName}: target {target} of image {i} is outside 0..{model.ClassCount - 1}.", nameof(batch));
                }

                if (target == batch.Labels[i])
                {
                    throw new ArgumentException($"{attackName}: image {i} has its own label {target} as target.", nameof(batch));
                }
            }
        }

        // Attacks compute distances to the clean image and clip to [0,1]; inputs outside it are a caller bug.
        foreach (var v in batch.Images)
        {
            if (!(v >= 0f && v <= 1f))
            {
                throw new ArgumentException($"{attackName}: the batch's images must lie in [0,1] (found {v}).", nameof(batch));
            }
        }
    }

    /// <summary>Throws unless <paramref name="epsilon"/> is a finite positive budget.</summary>
    public static void ValidateBudget(string attackName, double epsilon)
    {
        if (!double.IsFinite(epsilon) || epsilon <= 0)
        {
            throw new ArgumentException($"{attackName}: epsilon must be finite and positive (got {epsilon}).", nameof(epsilon));
        }
    }
}
