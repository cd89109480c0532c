using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Frequency;

public class PrunedHybridComposerTests
{
    // The pruned path adds the source image in float64 instead of transforming its spectrum: the largest
    // difference seen is below 1.2e-7 (one float32 ulp at 1); two ulps allowed.
    private const double Tolerance = 2.5e-7;

    public static TheoryData<int, int, int, FilterShape, double> Cases => new()
    {
        { 3, 32, 32, FilterShape.Ideal, 0 },
        { 3, 32, 32, FilterShape.Ideal, 0.08 },
        { 3, 32, 32, FilterShape.Ideal, 0.27 },
        { 3, 32, 32, FilterShape.Ideal, 0.57 },
        { 3, 32, 32, FilterShape.Ideal, 1.0 },
        { 3, 32, 32, FilterShape.Ideal, 1.5 },
        { 3, 28, 28, FilterShape.Ideal, 0.4 },
        { 1, 30, 18, FilterShape.Ideal, 0.33 },
        { 2, 9, 12, FilterShape.Gaussian, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ComposeAndComposePair_MatchCompose(int channels, int height, int width, FilterShape filter, double cutoff)
    {
        var shape = new ImageShape(channels, height, width);
        var fft = new Fft2D(height, width);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(height, width), filter, cutoff);
        var band = new HybridMaskBand(mask);
        var composer = new PrunedHybridComposer(height, width);
        var a = new[] { FrequencyTestImages.Uniform(shape.Length, seed: 41), FrequencyTestImages.Uniform(shape.Length, seed: 42) };
        var b = new[] { FrequencyTestImages.Uniform(shape.Length, seed: 43), FrequencyTestImages.Uniform(shape.Length, seed: 44) };
        var expected = new float[2][];
        var differences = new ImageSpectrum[2];
        for (var h = 0; h < 2; h++)
        {
            var low = new ImageSpectrum(shape);
            var high = new ImageSpectrum(shape);
            low.Compute(a[h], fft);
            high.Compute(b[h], fft);
            expected[h] = new float[shape.Length];
            new HybridComposer(height, width).Compose(low, high, mask, expected[h], fft);
            differences[h] = new ImageSpectrum(shape);
            differences[h].ComputeDifference(a[h], b[h], fft);
        }

        var single = new float[shape.Length];
        var first = new float[shape.Length];
        var second = new float[shape.Length];
        composer.Compose(new HybridSource(a[0], b[0], differences[0]), band, single, fft);
        composer.ComposePair(new HybridSource(a[0], b[0], differences[0]), new HybridSource(a[1], b[1], differences[1]), band, first, second, fft);

        Assert.True(FrequencyTestImages.MaxAbsDifference(expected[0], single) < Tolerance);
        Assert.True(FrequencyTestImages.MaxAbsDifference(expected[0], first) < Tolerance);
        Assert.True(FrequencyTestImages.MaxAbsDifference(expected[1], second) < Tolerance);
    }

    [Theory]
    [InlineData(0.0, 1, false)]
    [InlineData(0.27, 9, false)]
    [InlineData(1.0, 31, true)]
    [InlineData(1.5, 0, true)]
    public void Band_KeepsTheSideWithFewerNonzeroRows(double cutoff, int rows, bool addsToLowSource)
    {
        var band = new HybridMaskBand(FrequencyMask.LowPass(new FrequencyGrid(32, 32), FilterShape.Ideal, cutoff));

        Assert.Equal(rows, band.Rows.Length);
        Assert.Equal(addsToLowSource, band.AddsToLowSource);
    }

    [Fact]
    public void ComposePair_DifferentChannelCounts_Throws()
    {
        var fft = new Fft2D(8, 8);
        var band = new HybridMaskBand(FrequencyMask.LowPass(new FrequencyGrid(8, 8), FilterShape.Ideal, 0.3));
        var (rgb, gray) = (new ImageShape(3, 8, 8), new ImageShape(1, 8, 8));
        var (rgbImage, grayImage) = (new float[rgb.Length], new float[gray.Length]);

        Assert.Throws<ArgumentException>(() => new PrunedHybridComposer(8, 8).ComposePair(
            new HybridSource(rgbImage, rgbImage, new ImageSpectrum(rgb)),
            new HybridSource(grayImage, grayImage, new ImageSpectrum(gray)),
            band,
            new float[rgb.Length],
            new float[gray.Length],
            fft));
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(9, 12)]
    public void ComputeDifference_EqualsDifferenceOfSpectra(int height, int width)
    {
        var shape = new ImageShape(3, height, width);
        var fft = new Fft2D(height, width);
        var a = FrequencyTestImages.Uniform(shape.Length, seed: 45);
        var b = FrequencyTestImages.Uniform(shape.Length, seed: 46);
        var low = new ImageSpectrum(shape);
        var high = new ImageSpectrum(shape);
        var difference = new ImageSpectrum(shape);
        low.Compute(a, fft);
        high.Compute(b, fft);

        difference.ComputeDifference(a, b, fft);

        for (var c = 0; c < shape.Channels; c++)
        {
            for (var i = 0; i < height * width; i++)
            {
                Assert.True(System.Numerics.Complex.Abs(low.Plane(c)[i] - high.Plane(c)[i] - difference.Plane(c)[i]) < 1e-9, $"channel {c} bin {i}");
            }
        }
    }
}
