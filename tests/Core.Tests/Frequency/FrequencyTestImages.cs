using System.Numerics;

namespace CloudFreq.Core.Tests.Frequency;

/// <summary>Seeded test inputs and the naive O(N^2) DFT the FFT is checked against.</summary>
internal static class FrequencyTestImages
{
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }

    /// <summary>0.5 + amplitude * cos(2 pi (fx x + fy y)) on every channel; fx, fy in cycles/pixel.</summary>
    public static float[] Cosine(int channels, int height, int width, double fy, double fx, double amplitude)
    {
        var values = new float[channels * height * width];
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    values[(((c * height) + y) * width) + x] = (float)(0.5 + (amplitude * Math.Cos(2 * Math.PI * ((fx * x) + (fy * y)))));
                }
            }
        }

        return values;
    }

    /// <summary>X[u, v] = sum x[y, x] exp(-2 pi i (u y / H + v x / W)), directly, in float64.</summary>
    public static Complex[] NaiveDft(ReadOnlySpan<float> plane, int height, int width)
    {
        var spectrum = new Complex[height * width];
        for (var u = 0; u < height; u++)
        {
            for (var v = 0; v < width; v++)
            {
                var sum = Complex.Zero;
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        // Reduce the phase index modulo the size so large products stay exact.
                        var phase = -2 * Math.PI * ((((long)u * y % height) / (double)height) + (((long)v * x % width) / (double)width));
                        sum += plane[(y * width) + x] * Complex.FromPolarCoordinates(1, phase);
                    }
                }

                spectrum[(u * width) + v] = sum;
            }
        }

        return spectrum;
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - (double)b[i]));
        }

        return max;
    }
}
