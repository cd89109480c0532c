namespace CloudFreq.Core.Attacks;

/// <summary>Target classes ranked by logits, as APGD-T picks them.</summary>
internal static class TargetRanking
{
    /// <summary>The <paramref name="k"/> classes other than <paramref name="label"/> with the largest logits, largest first (lower index first on ties).</summary>
    public static int[] TopOtherClasses(ReadOnlySpan<float> logits, int label, int k)
    {
        var values = logits.ToArray();
        return Enumerable.Range(0, values.Length)
            .Where(c => c != label)
            .OrderByDescending(c => values[c])
            .ThenBy(c => c)
            .Take(k)
            .ToArray();
    }
}
