using System.Numerics;
using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Tests.Frequency;

public class Fft2DTests
{
    [Theory]
    [InlineData(7, 5)]
    [InlineData(28, 28)]
    [InlineData(32, 32)]
    [InlineData(30, 18)]
    [InlineData(1, 6)]
    [InlineData(11, 1)]
    public void Forward_RandomPlane_MatchesNaiveDft(int height, int width)
    {
        var plane = FrequencyTestImages.Uniform(height * width, seed: (height * 100) + width);
        var expected = FrequencyTestImages.NaiveDft(plane, height, width);
        var actual = new Complex[height * width];

        new Fft2D(height, width).Forward(plane, actual);

        var maxError = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            maxError = Math.Max(maxError, (actual[i] - expected[i]).Magnitude);
        }

        Assert.True(maxError < 1e-9, $"max |FFT - DFT| = {maxError}");
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(28, 28)]
    [InlineData(32, 32)]
    [InlineData(30, 18)]
    [InlineData(224, 224)]
    public void Inverse_OfForward_ReturnsThePlane(int height, int width)
    {
        var plane = FrequencyTestImages.Uniform(height * width, seed: 7);
        var fft = new Fft2D(height, width);
        var spectrum = new Complex[height * width];
        var back = new float[height * width];

        fft.Forward(plane, spectrum);
        fft.Inverse(spectrum, back);

        Assert.True(FrequencyTestImages.MaxAbsDifference(plane, back) < 1e-6);
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(32, 32)]
    [InlineData(224, 224)]
    public void Forward_AgreesWithMathNetReference(int height, int width)
    {
        var plane = FrequencyTestImages.Uniform(height * width, seed: 3);
        var expected = new Complex[height * width];
        var actual = new Complex[height * width];

        new MathNetFft2D(height, width).Forward(plane, expected);
        new Fft2D(height, width).Forward(plane, actual);

        var maxError = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            maxError = Math.Max(maxError, (actual[i] - expected[i]).Magnitude);
        }

        Assert.True(maxError < 1e-8, $"max |Fft2D - MathNet| = {maxError}");
    }

    [Fact]
    public void Forward_Parseval_SpectrumEnergyIsPlaneEnergyTimesSize()
    {
        const int height = 30;
        const int width = 18;
        var plane = FrequencyTestImages.Uniform(height * width, seed: 11);
        var spectrum = new Complex[height * width];

        new Fft2D(height, width).Forward(plane, spectrum);

        var planeEnergy = plane.Sum(v => (double)v * v);
        var spectrumEnergy = spectrum.Sum(v => (v.Real * v.Real) + (v.Imaginary * v.Imaginary));
        Assert.Equal(planeEnergy * height * width, spectrumEnergy, 1e-9 * spectrumEnergy);
    }

    [Fact]
    public void Forward_RepeatedOnOneInstance_IsBitIdentical()
    {
        var plane = FrequencyTestImages.Uniform(224 * 224, seed: 5);
        var fft = new Fft2D(224, 224);
        var first = new Complex[plane.Length];
        var second = new Complex[plane.Length];
        var other = FrequencyTestImages.Uniform(224 * 224, seed: 6);

        fft.Forward(plane, first);
        fft.Forward(other, second);
        fft.Forward(plane, second);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Forward_WrongLength_Throws()
    {
        var fft = new Fft2D(4, 4);
        Assert.Throws<ArgumentException>(() => fft.Forward(new float[15], new Complex[16]));
    }
}
