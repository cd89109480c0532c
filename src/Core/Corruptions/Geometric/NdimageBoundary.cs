namespace CloudFreq.Core.Corruptions.Geometric;

/// <summary>How scipy.ndimage extends a signal past its ends (its mode names).</summary>
internal enum NdimageBoundary
{
    /// <summary>scipy "reflect": half-sample symmetric, d c b a | a b c d | d c b a.</summary>
    Reflect,

    /// <summary>scipy "nearest": the edge value repeated, a a a | a b c d | d d d.</summary>
    Nearest,
}

/// <summary>Index arithmetic of <see cref="NdimageBoundary"/>.</summary>
internal static class NdimageBoundaryIndex
{
    /// <summary>Where sample <paramref name="index"/> (any integer) of the extended signal reads from.</summary>
    public static int Resolve(int index, int length, NdimageBoundary boundary)
    {
        if ((uint)index < (uint)length)
        {
            return index;
        }

        if (boundary == NdimageBoundary.Nearest)
        {
            return index < 0 ? 0 : length - 1;
        }

        // Half-sample symmetric extension repeats with period 2 * length.
        var period = 2 * length;
        var folded = index % period;
        if (folded < 0)
        {
            folded += period;
        }

        return folded < length ? folded : period - 1 - folded;
    }
}
