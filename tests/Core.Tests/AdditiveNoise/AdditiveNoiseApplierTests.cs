using CloudFreq.Core.AdditiveNoise;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.AdditiveNoise;

/// <summary>
/// The noise kernels against their definitions: the empirical spread of Gaussian and uniform noise, the
/// salt-and-pepper density, the [0,1] clip, the uint8 truncation, level 0 as the identity, and the per-image seeding.
/// </summary>
public sealed class AdditiveNoiseApplierTests
{
    private static readonly ImageShape Rgb224 = new(3, 224, 224);

    [Theory]
    [InlineData(0.02, false)]
    [InlineData(0.1, false)]
    [InlineData(0.04, true)]
    [InlineData(0.1, true)]
    public void Gaussian_OnGrey224_EmpiricalSigmaWithin2Percent(double sigma, bool quantize)
    {
        var noisy = Apply(Rgb224, 0.5f, new AdditiveNoiseParameters(NoiseFamily.Gaussian, sigma, Quantize: quantize), seed: 1);

        var (mean, std) = MeanAndStd(noisy);
        Assert.InRange(std / sigma, 0.98, 1.02);

        // Truncation to uint8 levels lowers the mean by half a level on average.
        Assert.InRange(mean, 0.5 - (quantize ? 1 / 255.0 : 0) - 0.002, 0.5 + 0.002);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    public void Uniform_OnGrey224_EmpiricalSpreadIsHalfWidthOverRootThree(double halfWidth)
    {
        var noisy = Apply(Rgb224, 0.5f, new AdditiveNoiseParameters(NoiseFamily.Uniform, halfWidth, Quantize: false), seed: 2);

        var (_, std) = MeanAndStd(noisy);
        Assert.InRange(std / (halfWidth / Math.Sqrt(3)), 0.98, 1.02);
        Assert.InRange(noisy.Min(), 0.5 - halfWidth, 0.5 - (halfWidth * 0.99));
        Assert.InRange(noisy.Max(), 0.5 + (halfWidth * 0.99), 0.5 + halfWidth);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void SaltPepper_DensityWithin1Percent_HalfSaltHalfPepper_AllChannelsTogether(double density)
    {
        // Ten 224 px grey images with their own seeds: 501,760 pixels, so the density's own spread is below 0.3%.
        long pixels = 0, salt = 0, pepper = 0;
        var plane = Rgb224.Height * Rgb224.Width;
        for (var seed = 0; seed < 10; seed++)
        {
            var noisy = Apply(Rgb224, 0.5f, new AdditiveNoiseParameters(NoiseFamily.SaltPepper, density), seed);
            for (var p = 0; p < plane; p++)
            {
                var (r, g, b) = (noisy[p], noisy[plane + p], noisy[(2 * plane) + p]);
                Assert.True(r == g && g == b, $"pixel {p}: channels {r}, {g}, {b} differ");
                salt += r == 1f ? 1 : 0;
                pepper += r == 0f ? 1 : 0;
                pixels++;
            }
        }

        Assert.InRange((double)(salt + pepper) / pixels / density, 0.99, 1.01);
        Assert.InRange((double)salt / pixels / (density / 2), 0.98, 1.02);
        Assert.InRange((double)pepper / pixels / (density / 2), 0.98, 1.02);
    }

    [Theory]
    [InlineData(NoiseFamily.Gaussian, 0.3)]
    [InlineData(NoiseFamily.Uniform, 0.9)]
    public void StrongNoise_NearBlackAndWhite_IsClippedToUnitRange(NoiseFamily family, double level)
    {
        // Half the values at 0.02, half at 0.98: strong noise pushes many past 0 and 1.
        var shape = new ImageShape(3, 32, 32);
        var image = Enumerable.Range(0, shape.Length).Select(i => i % 2 == 0 ? 0.02f : 0.98f).ToArray();
        var noisy = new float[shape.Length];

        new AdditiveNoiseApplier(shape).Apply(image, new AdditiveNoiseParameters(family, level, Quantize: false), new Random(3), noisy);

        Assert.All(noisy, v => Assert.InRange(v, 0f, 1f));
        Assert.True(noisy.Count(v => v == 0f) > shape.Length / 20, "values below 0 are clipped to 0");
        Assert.True(noisy.Count(v => v == 1f) > shape.Length / 20, "values above 1 are clipped to 1");
    }

    [Fact]
    public void Quantize_TruncatesToUint8Levels()
    {
        var noisy = Apply(new ImageShape(1, 16, 16), 0.5f, new AdditiveNoiseParameters(NoiseFamily.Gaussian, 0.05), seed: 4);

        Assert.All(noisy, v => Assert.Equal(Math.Floor(v * 255f), v * 255f, 3));
        Assert.True(noisy.Distinct().Count() > 5);
    }

    [Theory]
    [InlineData(NoiseFamily.Gaussian)]
    [InlineData(NoiseFamily.Uniform)]
    [InlineData(NoiseFamily.SaltPepper)]
    public void LevelZero_ReturnsTheImageUnchanged_EvenOffTheUint8Levels(NoiseFamily family)
    {
        var shape = new ImageShape(3, 9, 7);
        var random = new Random(5);
        var image = Enumerable.Range(0, shape.Length).Select(_ => (float)random.NextDouble()).ToArray();
        var noisy = new float[shape.Length];

        new AdditiveNoiseApplier(shape).Apply(image, new AdditiveNoiseParameters(family, 0), new Random(6), noisy);

        Assert.Equal(image, noisy);
    }

    [Fact]
    public void GrayscaleAndContrast_AreAppliedBeforeTheNoise()
    {
        var shape = new ImageShape(3, 1, 2);
        float[] image = [1f, 0f, 0f, 0f, 0f, 1f];
        var noisy = new float[shape.Length];

        // Uniform noise of half-width 0 is no noise, but grayscale and contrast still apply (and quantization is off).
        new AdditiveNoiseApplier(shape).Apply(image, new AdditiveNoiseParameters(NoiseFamily.Uniform, 0, Grayscale: true, Contrast: 0.3, Quantize: false), new Random(7), noisy);

        // Pixel 0 is pure red (luma 0.299), pixel 1 pure blue (luma 0.114); contrast 0.3 maps x to 0.35 + 0.3 x.
        float[] expected = [0.35f + (0.3f * 0.299f), 0.35f + (0.3f * 0.114f)];
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(expected[0], noisy[2 * c], 5);
            Assert.Equal(expected[1], noisy[(2 * c) + 1], 5);
        }
    }

    [Fact]
    public void SameSeedParts_SameNoise_OtherImageOrLevel_OtherNoise()
    {
        var shape = new ImageShape(1, 16, 16);
        var parameters = new AdditiveNoiseParameters(NoiseFamily.Gaussian, 0.1, Quantize: false);
        float[] Noisy(string id, string family, string level)
        {
            var noisy = new float[shape.Length];
            new AdditiveNoiseApplier(shape).Apply(Enumerable.Repeat(0.5f, shape.Length).ToArray(), parameters, SeedDerivation.CreateRandom(9, id, family, level), noisy);
            return noisy;
        }

        Assert.Equal(Noisy("a.png", "gaussian", "0.1"), Noisy("a.png", "gaussian", "0.1"));
        Assert.NotEqual(Noisy("a.png", "gaussian", "0.1"), Noisy("b.png", "gaussian", "0.1"));
        Assert.NotEqual(Noisy("a.png", "gaussian", "0.1"), Noisy("a.png", "gaussian", "0.2"));
    }

    private static float[] Apply(ImageShape shape, float grey, AdditiveNoiseParameters parameters, int seed)
    {
        var image = Enumerable.Repeat(grey, shape.Length).ToArray();
        var noisy = new float[shape.Length];
        new AdditiveNoiseApplier(shape).Apply(image, parameters, new Random(seed), noisy);
        return noisy;
    }

    private static (double Mean, double Std) MeanAndStd(float[] values)
    {
        var mean = values.Average(v => (double)v);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, Math.Sqrt(variance));
    }
}
