namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>The 1-D Gaussian kernels of the reference libraries.</summary>
internal static class GaussianKernel
{
    /// <summary>
    /// scipy.ndimage.gaussian_filter1d's kernel (what skimage.filters.gaussian applies per axis):
    /// radius int(truncate sigma + 0.5), weights exp(-x^2 / 2 sigma^2) normalized to sum 1.
    /// </summary>
    public static float[] Scipy(double sigma, double truncate = 4.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sigma);
        var radius = (int)((truncate * sigma) + 0.5);
        var weights = new double[(2 * radius) + 1];
        for (var i = -radius; i <= radius; i++)
        {
            weights[i + radius] = radius == 0 ? 1.0 : Math.Exp(-0.5 / (sigma * sigma) * i * i);
        }

        return Normalized(weights);
    }

    /// <summary>
    /// cv2.getGaussianKernel for an explicit positive sigma (no fixed small-kernel table then):
    /// <paramref name="size"/> taps at x = i - (size-1)/2, exp(-x^2 / 2 sigma^2), normalized.
    /// </summary>
    public static float[] OpenCv(int size, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        var weights = new double[size];
        for (var i = 0; i < size; i++)
        {
            var x = i - ((size - 1) * 0.5);
            weights[i] = Math.Exp(-0.5 / (sigma * sigma) * x * x);
        }

        return Normalized(weights);
    }

    private static float[] Normalized(double[] weights)
    {
        var sum = weights.Sum();
        return [.. weights.Select(w => (float)(w / sum))];
    }
}
