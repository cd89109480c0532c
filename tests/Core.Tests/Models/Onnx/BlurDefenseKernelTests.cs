using CloudFreq.Core.Models.Onnx;

namespace CloudFreq.Core.Tests.Models.Onnx;

public sealed class BlurDefenseKernelTests
{
    /// <summary>The study's CIFAR sigma grid with ceil(2.5 sigma) worked out by hand.</summary>
    public static TheoryData<double, int> SigmaGrid => new()
    {
        { 0.5, 2 }, { 0.6, 2 }, { 0.8, 2 }, { 1.0, 3 }, { 1.2, 3 }, { 1.6, 4 }, { 2.0, 5 }, { 2.5, 7 },
    };

    [Theory]
    [MemberData(nameof(SigmaGrid))]
    public void HalfSize_StudyGrid_IsCeilingOfTwoAndAHalfSigma(double sigma, int expected)
    {
        Assert.Equal(expected, CircularGaussianBlur.HalfSize(sigma));
        Assert.Equal(((2 * expected) + 1) * ((2 * expected) + 1), CircularGaussianBlur.Kernel(sigma).Length);
    }

    [Theory]
    [MemberData(nameof(SigmaGrid))]
    public void Kernel_StudyGrid_SumsToOneAndMatchesClosedForm(double sigma, int half)
    {
        var kernel = CircularGaussianBlur.Kernel(sigma);
        var size = (2 * half) + 1;

        Assert.InRange(kernel.Sum(w => (double)w), 1 - 1e-6, 1 + 1e-6);
        var z = 0.0;
        for (var y = -half; y <= half; y++)
        {
            for (var x = -half; x <= half; x++)
            {
                z += Math.Exp(-((x * x) + (y * y)) / (2 * sigma * sigma));
            }
        }

        foreach (var (x, y) in new[] { (0, 0), (1, 0), (0, -1), (1, 1), (-half, half), (half, -2) })
        {
            var expected = Math.Exp(-((x * x) + (y * y)) / (2 * sigma * sigma)) / z;
            var actual = kernel[((y + half) * size) + x + half];
            Assert.True(Math.Abs(actual - expected) <= 1e-7 * Math.Max(1, expected) + 1e-9,
                $"sigma {sigma} tap ({x},{y}): expected {expected}, got {actual}");
        }
    }

    [Fact]
    public void Kernel_Sigma1_CentreIsLargestAndSymmetric()
    {
        var kernel = CircularGaussianBlur.Kernel(1.0);
        const int size = 7;

        Assert.Equal(kernel.Max(), kernel[(3 * size) + 3]);
        Assert.Equal(kernel[(3 * size) + 2], kernel[(2 * size) + 3]);
        Assert.Equal(kernel[0], kernel[(size * size) - 1]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Kernel_SigmaNotPositive_ThrowsCloudFreqException(double sigma)
    {
        var error = Assert.Throws<CloudFreqException>(() => CircularGaussianBlur.Kernel(sigma));

        Assert.Contains("sigma must be a positive number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blur_ConstantImage_StaysConstant()
    {
        var image = Enumerable.Repeat(0.75f, 3 * 8 * 8).ToArray();

        var blurred = CircularGaussianBlur.Blur(image, 3, 8, 8, 1.2);

        Assert.All(blurred, value => Assert.Equal(0.75f, value, 1e-6f));
    }

    [Fact]
    public void Blur_PixelAtCorner_MassWrapsToOppositeCorners()
    {
        var image = new float[1 * 10 * 12];
        image[0] = 1f;

        var blurred = CircularGaussianBlur.Blur(image, 1, 10, 12, 1.0);

        var kernel = CircularGaussianBlur.Kernel(1.0);
        Assert.Equal(kernel[(2 * 7) + 2], blurred[(9 * 12) + 11], 1e-7f);
        Assert.Equal(kernel[(2 * 7) + 3], blurred[9 * 12], 1e-7f);
        Assert.Equal(kernel[(3 * 7) + 2], blurred[11], 1e-7f);
        Assert.Equal(1.0, blurred.Sum(v => (double)v), 1e-6);
    }
}
