using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Frequency;

public class SpectralFilterTests
{
    private const int Size = 32;

    // fx = 3/32 along x, fy = 5/32 along y: c = 2 sqrt(34) / 32, about 0.364.
    private static readonly double CosineRadius = 2 * Math.Sqrt(34) / 32;

    private static readonly ImageShape Shape = new(3, Size, Size);

    [Fact]
    public void Apply_IdealLowPassAboveCosine_KeepsIt()
    {
        var image = FrequencyTestImages.Cosine(3, Size, Size, fy: 5.0 / 32, fx: 3.0 / 32, amplitude: 0.25);

        var output = Filter(image, FilterShape.Ideal, CosineRadius + 0.01, FilterKind.LowPass, forScoring: false);

        Assert.True(FrequencyTestImages.MaxAbsDifference(image, output) < 1e-5);
    }

    [Fact]
    public void Apply_IdealLowPassBelowCosine_LeavesOnlyTheOffset()
    {
        var image = FrequencyTestImages.Cosine(3, Size, Size, fy: 5.0 / 32, fx: 3.0 / 32, amplitude: 0.25);

        var output = Filter(image, FilterShape.Ideal, CosineRadius - 0.01, FilterKind.LowPass, forScoring: false);

        Assert.True(FrequencyTestImages.MaxAbsDifference(Enumerable.Repeat(0.5f, image.Length).ToArray(), output) < 1e-5);
    }

    [Fact]
    public void Apply_IdealHighPassRaw_IsTheReverse()
    {
        var image = FrequencyTestImages.Cosine(3, Size, Size, fy: 5.0 / 32, fx: 3.0 / 32, amplitude: 0.25);
        var cosineOnly = image.Select(v => v - 0.5f).ToArray();

        var below = Filter(image, FilterShape.Ideal, CosineRadius - 0.01, FilterKind.HighPass, forScoring: false);
        var above = Filter(image, FilterShape.Ideal, CosineRadius + 0.01, FilterKind.HighPass, forScoring: false);

        Assert.True(FrequencyTestImages.MaxAbsDifference(cosineOnly, below) < 1e-5);
        Assert.True(FrequencyTestImages.MaxAbsDifference(new float[image.Length], above) < 1e-5);
    }

    [Fact]
    public void Apply_HighPassForScoring_AddsChannelMeanBack()
    {
        var image = FrequencyTestImages.Cosine(3, Size, Size, fy: 5.0 / 32, fx: 3.0 / 32, amplitude: 0.25);

        var output = Filter(image, FilterShape.Ideal, CosineRadius - 0.01, FilterKind.HighPass, forScoring: true);

        Assert.True(FrequencyTestImages.MaxAbsDifference(image, output) < 1e-5);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.364)]
    [InlineData(0.8)]
    public void Apply_GaussianLowPass_AttenuatesCosineByClosedForm(double cutoff)
    {
        var image = FrequencyTestImages.Cosine(3, Size, Size, fy: 5.0 / 32, fx: 3.0 / 32, amplitude: 0.25);
        var r = 0.5 * CosineRadius;
        var sigma = 0.5 * cutoff;
        var gain = Math.Exp(-(r * r) / (2 * sigma * sigma));
        var expected = FrequencyTestImages.Cosine(3, Size, Size, fy: 5.0 / 32, fx: 3.0 / 32, amplitude: 0.25 * gain);

        var output = Filter(image, FilterShape.Gaussian, cutoff, FilterKind.LowPass, forScoring: true);

        Assert.True(FrequencyTestImages.MaxAbsDifference(expected, output) < 1e-5);
    }

    [Theory]
    [InlineData(FilterShape.Ideal, 0.0)]
    [InlineData(FilterShape.Ideal, 0.27)]
    [InlineData(FilterShape.Ideal, 1.0)]
    [InlineData(FilterShape.Gaussian, 0.3)]
    [InlineData(FilterShape.Butterworth, 0.5)]
    public void Apply_LowPlusHighRaw_ReconstructsImage(FilterShape shape, double cutoff)
    {
        var image = FrequencyTestImages.Uniform(Shape.Length, seed: 21);

        var low = Filter(image, shape, cutoff, FilterKind.LowPass, forScoring: false);
        var high = Filter(image, shape, cutoff, FilterKind.HighPass, forScoring: false);

        var sum = low.Zip(high, (l, h) => l + h).ToArray();
        Assert.True(FrequencyTestImages.MaxAbsDifference(image, sum) < 1e-5);
    }

    [Fact]
    public void Apply_CutoffZero_DcIsInTheLowPart()
    {
        var image = FrequencyTestImages.Uniform(Shape.Length, seed: 22);

        var low = Filter(image, FilterShape.Ideal, 0, FilterKind.LowPass, forScoring: false);
        var high = Filter(image, FilterShape.Ideal, 0, FilterKind.HighPass, forScoring: false);

        for (var c = 0; c < 3; c++)
        {
            var plane = image.AsSpan(c * Size * Size, Size * Size).ToArray();
            var mean = plane.Average(v => (double)v);
            Assert.All(low.AsSpan(c * Size * Size, Size * Size).ToArray(), v => Assert.Equal(mean, v, 1e-5));
            Assert.Equal(0, high.AsSpan(c * Size * Size, Size * Size).ToArray().Average(v => (double)v), 1e-6);
        }
    }

    [Fact]
    public void Apply_IdealAtOne_CornerCheckerboardIsInTheHighPart()
    {
        // (-1)^(x+y) lives only in the corner bin (c = sqrt 2).
        var image = new float[Shape.Length];
        for (var i = 0; i < image.Length; i++)
        {
            var x = i % Size;
            var y = i / Size % Size;
            image[i] = 0.5f + (((x + y) % 2 == 0) ? 0.25f : -0.25f);
        }

        var low = Filter(image, FilterShape.Ideal, 1.0, FilterKind.LowPass, forScoring: false);
        var high = Filter(image, FilterShape.Ideal, 1.0, FilterKind.HighPass, forScoring: false);

        Assert.True(FrequencyTestImages.MaxAbsDifference(Enumerable.Repeat(0.5f, image.Length).ToArray(), low) < 1e-5);
        Assert.True(FrequencyTestImages.MaxAbsDifference(image.Select(v => v - 0.5f).ToArray(), high) < 1e-5);
    }

    [Fact]
    public void Apply_ForScoring_ClipsToUnitRange()
    {
        var image = FrequencyTestImages.Uniform(Shape.Length, seed: 23);

        var high = Filter(image, FilterShape.Ideal, 0.3, FilterKind.HighPass, forScoring: true);
        var low = Filter(image, FilterShape.Ideal, 0.3, FilterKind.LowPass, forScoring: true);

        Assert.All(high, v => Assert.InRange(v, 0f, 1f));
        Assert.All(low, v => Assert.InRange(v, 0f, 1f));
        Assert.Contains(high, v => v == 0f || v == 1f);
    }

    [Fact]
    public void Apply_RepeatedWithFreshObjects_IsBitIdentical()
    {
        var image = FrequencyTestImages.Uniform(3 * 28 * 30, seed: 24);
        var shape = new ImageShape(3, 28, 30);

        float[] Run()
        {
            var fft = new Fft2D(28, 30);
            var spectrum = new ImageSpectrum(shape);
            spectrum.Compute(image, fft);
            var output = new float[shape.Length];
            new SpectralFilter(28, 30).Apply(spectrum, FrequencyMask.LowPass(new FrequencyGrid(28, 30), FilterShape.Gaussian, 0.3), FilterKind.HighPass, output, fft);
            return output;
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void ImageSpectrum_Mean_IsChannelAverage()
    {
        var image = FrequencyTestImages.Uniform(Shape.Length, seed: 25);
        var spectrum = new ImageSpectrum(Shape);

        spectrum.Compute(image, new Fft2D(Size, Size));

        Assert.Equal(image.AsSpan(Size * Size, Size * Size).ToArray().Average(v => (double)v), spectrum.Mean(1), 1e-6);
    }

    private static float[] Filter(float[] image, FilterShape shape, double cutoff, FilterKind kind, bool forScoring)
    {
        var fft = new Fft2D(Size, Size);
        var spectrum = new ImageSpectrum(Shape);
        spectrum.Compute(image, fft);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(Size, Size), shape, cutoff);
        var output = new float[Shape.Length];
        new SpectralFilter(Size, Size).Apply(spectrum, mask, kind, output, fft, forScoring);
        return output;
    }
}
