using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Weather;

namespace CloudFreq.Core.Tests.Corruptions.Weather;

public sealed class SpatterTests
{
    /// <summary>
    /// Mean (0.5 levels absolute below 5 levels), standard deviation and changed share of the
    /// change within 10% of the reference's, except where the reference has too few drops to pin
    /// them: CIFAR-10-C severity 1 (2.8% of pixels changed) and ImageNet-C severities 1-2 (two items)
    /// get 20%.
    /// </summary>
    [Theory]
    [InlineData(CorruptionPreset.Cifar10C, 1, 0.20)]
    [InlineData(CorruptionPreset.Cifar10C, 2, 0.10)]
    [InlineData(CorruptionPreset.Cifar10C, 3, 0.10)]
    [InlineData(CorruptionPreset.Cifar10C, 4, 0.10)]
    [InlineData(CorruptionPreset.Cifar10C, 5, 0.10)]
    [InlineData(CorruptionPreset.ImageNetC, 1, 0.20)]
    [InlineData(CorruptionPreset.ImageNetC, 2, 0.20)]
    [InlineData(CorruptionPreset.ImageNetC, 3, 0.10)]
    [InlineData(CorruptionPreset.ImageNetC, 4, 0.10)]
    [InlineData(CorruptionPreset.ImageNetC, 5, 0.10)]
    public void Apply_SeveralSeeds_DeltaStatisticsMatchReference(CorruptionPreset preset, int severity, double tolerance)
    {
        var parity = DeltaParity.Measure(new Spatter(), preset, severity, seeds: preset == CorruptionPreset.Cifar10C ? 8 : 16);

        parity.AssertClose(relativeStd: tolerance, relativeChanged: tolerance, meanTolerance: Math.Max(0.5, tolerance * Math.Abs(parity.ReferenceMean)));
    }

    [Fact]
    public void Apply_WaterSeverity_OnlyBrightensAndTintsTowardsTurquoise()
    {
        var (image, shape) = ReferenceCorruptions.LoadPng("imagenet_0_clean.png");
        var output = new float[image.Length];

        new Spatter().Apply(image, shape, 2, CorruptionPreset.ImageNetC, new Random(5), output);

        var plane = shape.Height * shape.Width;
        double red = 0, green = 0;
        for (var i = 0; i < output.Length; i++)
        {
            Assert.True(output[i] >= image[i]);
        }

        for (var p = 0; p < plane; p++)
        {
            red += output[p] - image[p];
            green += output[plane + p] - image[plane + p];
        }

        Assert.True(red > 0);
        Assert.True(green > red);
    }

    [Fact]
    public void Apply_MudSeverity_LeavesMostPixelsUntouchedAndDarkensTheRest()
    {
        var (image, shape) = ReferenceCorruptions.LoadPng("cifar_0_clean.png");
        var output = new float[image.Length];

        new Spatter().Apply(image, shape, 5, CorruptionPreset.Cifar10C, new Random(9), output);

        var unchanged = output.Zip(image).Count(p => p.First == p.Second);
        Assert.InRange(unchanged, image.Length / 2, image.Length);
    }
}
