using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Blur;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Corruptions.Blur;

public class BlurPropertyTests
{
    private static readonly string[] ExpectedNames = ["defocus_blur", "glass_blur", "motion_blur", "zoom_blur", "snow", "gaussian_blur"];

    public static TheoryData<string> Names() => [.. ExpectedNames];

    [Fact]
    public void All_Family_HoldsTheSixCorruptionsOnce()
    {
        Assert.Equal(ExpectedNames, BlurCorruptions.All.Select(c => c.Name));
        Assert.Equal(["glass_blur", "motion_blur", "snow"], BlurCorruptions.All.Where(c => c.UsesRandomness).Select(c => c.Name));
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.0)]
    [InlineData(6.0)]
    public void ScipyGaussianKernel_Sigma_SumsToOneWithRadiusFourSigma(double sigma)
    {
        var kernel = GaussianKernel.Scipy(sigma);

        Assert.Equal((2 * (int)((4 * sigma) + 0.5)) + 1, kernel.Length);
        Assert.Equal(1.0, kernel.Sum(w => (double)w), 5);
        Assert.Equal(kernel, kernel.Reverse());
    }

    [Theory]
    [InlineData(6, 1)]
    [InlineData(15, 8)]
    [InlineData(20, 15)]
    public void MotionBlurKernel_RadiusAndSigma_HasTwoRadiusPlusOneDecreasingTapsSummingToOne(double radius, double sigma)
    {
        var kernel = new MotionBlurKernel(radius, sigma);

        Assert.Equal((2 * (int)radius) + 1, kernel.Width);
        Assert.Equal(1.0, kernel.Weights.Sum(w => (double)w), 5);
        for (var i = 1; i < kernel.Width; i++)
        {
            Assert.True(kernel.Weights[i] < kernel.Weights[i - 1]);
        }
    }

    [Fact]
    public void MotionBlurKernel_AngleZero_IsOneSidedAlongTheRow()
    {
        // ImageMagick's kernel is not symmetric: output x reads x, x+1, ..., x+2r, so an impulse
        // spreads only leftwards, on its own row, with the kernel's weights.
        var kernel = new MotionBlurKernel(6, 2);
        var dx = new int[kernel.Width];
        var dy = new int[kernel.Width];
        kernel.Offsets(0, dx, dy);
        Assert.Equal(Enumerable.Range(0, kernel.Width), dx);
        Assert.All(dy, d => Assert.Equal(0, d));

        const int Size = 32;
        var impulse = new float[Size * Size];
        impulse[(16 * Size) + 20] = 1f;
        var blurred = new float[impulse.Length];
        kernel.Apply(impulse, Size, Size, 0, blurred);

        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var expected = y == 16 && x <= 20 && 20 - x < kernel.Width ? kernel.Weights[20 - x] : 0f;
                Assert.Equal(expected, blurred[(y * Size) + x], 6);
            }
        }
    }

    [Fact]
    public void MotionBlurKernel_AngleNinety_ReadsDownTheColumn()
    {
        var kernel = new MotionBlurKernel(6, 2);
        var dx = new int[kernel.Width];
        var dy = new int[kernel.Width];

        kernel.Offsets(90, dx, dy);

        Assert.All(dx, d => Assert.Equal(0, d));
        Assert.Equal(Enumerable.Range(0, kernel.Width), dy);
    }

    [Fact]
    public void PngLevels_EveryLevel_SurvivesQuantization()
    {
        var levels = Enumerable.Range(0, 256).Select(k => k / 255f).ToArray();

        MotionBlurKernel.ToPngLevels(levels);
        CorruptionOutput.Quantize(levels);

        Assert.Equal(Enumerable.Range(0, 256), levels.Select(v => (int)Math.Round(v * 255)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SeparableFilter_GaussianKernel_EqualsDirectTwoDimensionalCorrelation(bool reflect)
    {
        var border = reflect ? BorderMode.Reflect101 : BorderMode.Nearest;
        const int Height = 13;
        const int Width = 17;
        var random = new Random(7);
        var plane = Enumerable.Range(0, Height * Width).Select(_ => (float)random.NextDouble()).ToArray();
        var kernel = GaussianKernel.Scipy(1.3);
        var separable = new float[plane.Length];

        SeparableFilter.Apply(plane, Height, Width, kernel, border, separable, new float[SeparableFilter.ScratchLength(Height, Width, kernel.Length)]);

        var radius = kernel.Length / 2;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                double direct = 0;
                for (var ky = -radius; ky <= radius; ky++)
                {
                    for (var kx = -radius; kx <= radius; kx++)
                    {
                        var source = (Border.Map(y + ky, Height, border) * Width) + Border.Map(x + kx, Width, border);
                        direct += kernel[ky + radius] * kernel[kx + radius] * plane[source];
                    }
                }

                Assert.Equal(direct, separable[(y * Width) + x], 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(CorruptionPreset.Cifar10C, 1, 1e-5)]
    [InlineData(CorruptionPreset.Cifar10C, 5, 1e-5)]
    [InlineData(CorruptionPreset.ImageNetC, 1, 1e-5)]

    // Radii 8 and 10 reach their grid's edge: the anti-aliasing blur reflects mass back in there and
    // the original does not renormalize (sums about 1.013 and 1.011; the reference outputs agree).
    [InlineData(CorruptionPreset.ImageNetC, 4, 0.02)]
    [InlineData(CorruptionPreset.ImageNetC, 5, 0.02)]
    public void DefocusKernel_Severity_SumsToOneAndIsSymmetric(CorruptionPreset preset, int severity, double tolerance)
    {
        var kernel = DefocusBlur.Kernel(preset, severity);
        var weights = kernel.Weights.ToArray();

        Assert.Equal(1.0, weights.Sum(w => (double)w), tolerance);
        var mirrored = weights.Reverse().ToArray();
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.Equal(weights[i], mirrored[i], 1e-7);
        }
    }

    [Fact]
    public void ZoomFactors_NumpyArangeQuirk_IncludesTheEndWhenRoundingSaysSo()
    {
        var factors = new ZoomParameters(1.11, 0.01).Factors();

        Assert.Equal(12, factors.Length);
        Assert.Equal(1.11, factors[^1], 12);
        Assert.Equal(11, new ZoomParameters(1.21, 0.02).Factors().Length);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Apply_SameSeed_GivesIdenticalOutput(string name)
    {
        var corruption = BlurCorruptions.All.Single(c => c.Name == name);
        var (image, shape) = TestImage(32);

        var first = Run(corruption, image, shape, 3, CorruptionPreset.Cifar10C, seed: 11);
        var second = Run(corruption, image, shape, 3, CorruptionPreset.Cifar10C, seed: 11);

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Apply_EveryPresetAndSeverity_StaysInUnitRange(string name)
    {
        var corruption = BlurCorruptions.All.Single(c => c.Name == name);
        foreach (var (preset, size) in new[] { (CorruptionPreset.Cifar10C, 32), (CorruptionPreset.ImageNetC, 64) })
        {
            var (image, shape) = TestImage(size);
            for (var severity = 1; severity <= 5; severity++)
            {
                var output = Run(corruption, image, shape, severity, preset, seed: severity);
                Assert.All(output, v => Assert.InRange(v, 0f, 1f));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Apply_SeverityOutsideOneToFive_Throws(string name)
    {
        var corruption = BlurCorruptions.All.Single(c => c.Name == name);
        var (image, shape) = TestImage(32);

        Assert.Throws<ArgumentOutOfRangeException>(() => Run(corruption, image, shape, 0, CorruptionPreset.Cifar10C, seed: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(corruption, image, shape, 6, CorruptionPreset.ImageNetC, seed: 0));
    }

    [Fact]
    public void Apply_NonSquareImage_Works()
    {
        var shape = new ImageShape(3, 24, 40);
        var random = new Random(5);
        var image = Enumerable.Range(0, shape.Length).Select(_ => (float)random.NextDouble()).ToArray();
        foreach (var corruption in BlurCorruptions.All)
        {
            var output = new float[shape.Length];
            corruption.Apply(image, shape, 5, CorruptionPreset.Cifar10C, new Random(1), output);
            Assert.All(output, v => Assert.InRange(v, 0f, 1f));
        }
    }

    private static float[] Run(ICorruption corruption, float[] image, ImageShape shape, int severity, CorruptionPreset preset, int seed)
    {
        var output = new float[image.Length];
        corruption.Apply(image, shape, severity, preset, new Random(seed), output);
        return output;
    }

    /// <summary>Smooth gradients plus a bright square: edges, flat areas and the full range.</summary>
    private static (float[] Image, ImageShape Shape) TestImage(int size)
    {
        var shape = new ImageShape(3, size, size);
        var image = new float[shape.Length];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var inSquare = x > size / 4 && x < size / 2 && y > size / 4 && y < size / 2;
                    image[(((c * size) + y) * size) + x] = inSquare ? 1f : (float)((x + (y * c)) % size) / size;
                }
            }
        }

        return (image, shape);
    }
}
