using System.Numerics;
using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Tests.Frequency;

public class Fft2DPairTests
{
    private static float[] RandomPlane(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => random.NextSingle())];
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(28, 28)]
    [InlineData(7, 10)]
    public void ForwardPair_EqualsTwoForwardTransforms(int height, int width)
    {
        var fft = new Fft2D(height, width);
        var a = RandomPlane(height * width, 1);
        var b = RandomPlane(height * width, 2);
        var expectedA = new Complex[a.Length];
        var expectedB = new Complex[a.Length];
        fft.Forward(a, expectedA);
        fft.Forward(b, expectedB);
        var actualA = new Complex[a.Length];
        var actualB = new Complex[a.Length];

        fft.ForwardPair(a, b, actualA, actualB);

        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Complex.Abs(expectedA[i] - actualA[i]) < 1e-9, $"A bin {i}");
            Assert.True(Complex.Abs(expectedB[i] - actualB[i]) < 1e-9, $"B bin {i}");
        }
    }

    [Theory]
    [InlineData(32, 32, 0.3)]
    [InlineData(28, 28, 0.1)]
    [InlineData(9, 12, 0.5)]
    public void InversePair_OfMaskedRealSpectra_EqualsTwoInverseTransforms(int height, int width, double cutoff)
    {
        var fft = new Fft2D(height, width);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(height, width), FilterShape.Gaussian, cutoff).Values;
        var a = new Complex[height * width];
        var b = new Complex[height * width];
        fft.Forward(RandomPlane(a.Length, 3), a);
        fft.Forward(RandomPlane(a.Length, 4), b);
        for (var i = 0; i < a.Length; i++)
        {
            a[i] *= mask[i];
            b[i] *= 1 - mask[i];
        }

        var expectedA = new float[a.Length];
        var expectedB = new float[a.Length];
        fft.Inverse(a, expectedA);
        fft.Inverse(b, expectedB);
        var actualA = new float[a.Length];
        var actualB = new float[a.Length];

        fft.InversePair(a, b, actualA, actualB);

        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(expectedA[i], actualA[i], 1e-5f);
            Assert.Equal(expectedB[i], actualB[i], 1e-5f);
        }
    }
}
