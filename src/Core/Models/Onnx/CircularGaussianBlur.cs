namespace CloudFreq.Core.Models.Onnx;

/// <summary>
/// The blur defense's Gaussian kernel, and a plain C# circular (wrap-around) blur with it that
/// serves as the reference for the ONNX layer <see cref="BlurDefenseBuilder"/> inserts.
/// </summary>
internal static class CircularGaussianBlur
{
    /// <summary>ceil(2.5 sigma); a hair of tolerance so that 2.5 * 0.8 rounding up to 2.0000000000000004 still gives 2.</summary>
    public static int HalfSize(double sigma)
    {
        ValidateSigma(sigma);
        var half = Math.Ceiling((2.5 * sigma) - 1e-9);
        return half > 100_000
            ? throw new CloudFreqException($"Blur defense: sigma {sigma} gives a kernel far larger than any image.")
            : (int)half;
    }

    /// <summary>
    /// The k x k kernel (k = 2 HalfSize + 1), row-major: exp(-(x^2 + y^2) / (2 sigma^2)) / Z with
    /// x, y in [-HalfSize, HalfSize] and Z making the weights sum to 1. Computed in double, stored as float.
    /// </summary>
    public static float[] Kernel(double sigma)
    {
        var half = HalfSize(sigma);
        var size = (2 * half) + 1;
        var weights = new double[size * size];
        var total = 0.0;
        for (var y = -half; y <= half; y++)
        {
            for (var x = -half; x <= half; x++)
            {
                var weight = Math.Exp(-((x * x) + (y * y)) / (2 * sigma * sigma));
                weights[((y + half) * size) + x + half] = weight;
                total += weight;
            }
        }

        return weights.Select(weight => (float)(weight / total)).ToArray();
    }

    /// <summary>Blurs a CHW image with wrap-around borders (what the ONNX layer computes), summing in double.</summary>
    public static float[] Blur(ReadOnlySpan<float> chw, int channels, int height, int width, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (chw.Length != channels * height * width)
        {
            throw new ArgumentException($"expected {channels}x{height}x{width} values, got {chw.Length}", nameof(chw));
        }

        var half = HalfSize(sigma);
        var size = (2 * half) + 1;
        var kernel = Kernel(sigma);
        var result = new float[chw.Length];
        for (var c = 0; c < channels; c++)
        {
            var plane = c * height * width;
            for (var row = 0; row < height; row++)
            {
                for (var col = 0; col < width; col++)
                {
                    var sum = 0.0;
                    for (var dy = -half; dy <= half; dy++)
                    {
                        var sourceRow = Wrap(row + dy, height);
                        for (var dx = -half; dx <= half; dx++)
                        {
                            var sourceCol = Wrap(col + dx, width);
                            sum += kernel[((dy + half) * size) + dx + half] * (double)chw[plane + (sourceRow * width) + sourceCol];
                        }
                    }

                    result[plane + (row * width) + col] = (float)sum;
                }
            }
        }

        return result;
    }

    internal static void ValidateSigma(double sigma)
    {
        if (!double.IsFinite(sigma) || sigma <= 0)
        {
            throw new CloudFreqException($"Blur defense: sigma must be a positive number of pixels, got {sigma}.");
        }
    }

    private static int Wrap(int index, int size) => ((index % size) + size) % size;
}
