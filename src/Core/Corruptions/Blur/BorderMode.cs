namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>How a filter reads beyond the image edge.</summary>
internal enum BorderMode
{
    /// <summary>Repeat the edge pixel: scipy.ndimage 'nearest' (skimage's gaussian default), ImageMagick's edge virtual pixels.</summary>
    Nearest,

    /// <summary>Mirror without repeating the edge (dcb|abcd|cba): OpenCV's BORDER_REFLECT_101 default.</summary>
    Reflect101,
}

internal static class Border
{
    /// <summary>The in-range index that <paramref name="index"/> reads under <paramref name="mode"/>.</summary>
    public static int Map(int index, int length, BorderMode mode)
    {
        if ((uint)index < (uint)length)
        {
            return index;
        }

        if (mode == BorderMode.Nearest || length == 1)
        {
            return Math.Clamp(index, 0, length - 1);
        }

        // Reflection repeats with period 2(n-1); kernels wider than the image fold more than once.
        var period = 2 * (length - 1);
        var folded = index % period;
        if (folded < 0)
        {
            folded += period;
        }

        return folded < length ? folded : period - folded;
    }
}
