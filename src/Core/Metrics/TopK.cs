namespace CloudFreq.Core.Metrics;

/// <summary>Rank helpers over one image's logits.</summary>
public static class TopK
{
    /// <summary>Index of the largest logit (the first one on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);

    /// <summary>
    /// True when <paramref name="label"/> is among the <paramref name="k"/> largest logits: fewer than k
    /// logits are strictly larger than its own (ties count in its favour, as torch.topk usually does).
    /// </summary>
    public static bool Contains(ReadOnlySpan<float> logits, int label, int k)
    {
        var own = logits[label];
        var larger = 0;
        foreach (var value in logits)
        {
            if (value > own && ++larger >= k)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many of the images whose logits are laid out row by row are predicted as their label.</summary>
    public static long CountCorrect(ReadOnlySpan<float> logits, int classCount, ReadOnlySpan<int> labels)
    {
        long correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            correct += ArgMax(logits.Slice(i * classCount, classCount)) == labels[i] ? 1 : 0;
        }

        return correct;
    }
}
