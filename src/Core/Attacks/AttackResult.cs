namespace CloudFreq.Core.Attacks;

/// <summary>
/// What an attack returns for a batch, checked by re-scoring the returned images with the plain
/// model (not taken from the attack's own bookkeeping).
/// </summary>
/// <param name="Adversarial">The returned images (count x image length, [0,1]); an image the attack did not fool may be its clean input or its best try.</param>
/// <param name="Predicted">The plain model's prediction on each returned image.</param>
/// <param name="Success">True where the returned image fools the model (prediction != label; == target when targeted).</param>
/// <param name="Norm">Per image, the norm of (adversarial - clean) in the attack's norm (0 for an untouched image).</param>
public sealed record AttackResult(float[] Adversarial, int[] Predicted, bool[] Success, double[] Norm)
{
    public int Count => Predicted.Length;
}
