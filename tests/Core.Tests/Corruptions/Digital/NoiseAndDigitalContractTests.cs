using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Corruptions.Digital;

/// <summary>The <see cref="ICorruption"/> contract for every noise and digital corruption, both presets.</summary>
public sealed class NoiseAndDigitalContractTests
{
    private static readonly string[] ExpectedNames =
    [
        "gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise",
        "brightness", "contrast", "saturate", "pixelate", "jpeg_compression",
    ];

    private static readonly string[] RandomNames = ["gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise"];

    public static TheoryData<string, CorruptionPreset> CorruptionsAndPresets()
    {
        var data = new TheoryData<string, CorruptionPreset>();
        foreach (var name in ExpectedNames)
        {
            data.Add(name, CorruptionPreset.Cifar10C);
            data.Add(name, CorruptionPreset.ImageNetC);
        }

        return data;
    }

    [Fact]
    public void All_Registry_HoldsTheNineCorruptionsOnceWithTheirRandomness()
    {
        Assert.Equal(ExpectedNames, NoiseAndDigitalCorruptions.All.Select(c => c.Name));
        foreach (var corruption in NoiseAndDigitalCorruptions.All)
        {
            Assert.Equal(RandomNames.Contains(corruption.Name), corruption.UsesRandomness);
        }
    }

    [Theory]
    [MemberData(nameof(CorruptionsAndPresets))]
    public void Apply_SameSeed_GivesIdenticalOutput(string name, CorruptionPreset preset)
    {
        var (image, shape) = TestImage(preset);
        for (var severity = 1; severity <= 5; severity++)
        {
            var first = Run(name, image, shape, severity, preset, seed: 7);
            var second = Run(name, image, shape, severity, preset, seed: 7);
            Assert.Equal(first, second);
        }
    }

    [Theory]
    [MemberData(nameof(CorruptionsAndPresets))]
    public void Apply_DifferentSeeds_ChangeOutputOnlyForRandomCorruptions(string name, CorruptionPreset preset)
    {
        var (image, shape) = TestImage(preset);
        var first = Run(name, image, shape, 3, preset, seed: 1);
        var second = Run(name, image, shape, 3, preset, seed: 2);
        Assert.Equal(RandomNames.Contains(name), !first.SequenceEqual(second));
    }

    [Theory]
    [MemberData(nameof(CorruptionsAndPresets))]
    public void Apply_EverySeverityOnNonSquareImage_StaysInUnitRangeAndShape(string name, CorruptionPreset preset)
    {
        var (image, shape) = TestImage(preset);
        for (var severity = 1; severity <= 5; severity++)
        {
            var output = Run(name, image, shape, severity, preset, seed: 3);
            Assert.Equal(shape.Length, output.Length);
            Assert.All(output, v => Assert.InRange(v, 0f, 1f));
            Assert.NotEqual(image, output);
        }
    }

    [Theory]
    [MemberData(nameof(CorruptionsAndPresets))]
    public void Apply_SeverityOutsideOneToFive_ThrowsArgumentOutOfRange(string name, CorruptionPreset preset)
    {
        var (image, shape) = TestImage(preset);
        var corruption = NoiseAndDigitalCorruptions.All.Single(c => c.Name == name);
        var output = new float[shape.Length];
        foreach (var severity in new[] { 0, 6, -1 })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => corruption.Apply(image, shape, severity, preset, new Random(0), output));
        }
    }

    [Theory]
    [MemberData(nameof(CorruptionsAndPresets))]
    public void Apply_DestinationOfWrongLength_ThrowsArgument(string name, CorruptionPreset preset)
    {
        var (image, shape) = TestImage(preset);
        var corruption = NoiseAndDigitalCorruptions.All.Single(c => c.Name == name);
        Assert.Throws<ArgumentException>(() => corruption.Apply(image, shape, 1, preset, new Random(0), new float[shape.Length - 1]));
    }

    [Fact]
    public void Apply_BlackAndWhiteImages_StayInUnitRange()
    {
        var shape = new ImageShape(3, 16, 16);
        foreach (var fill in new[] { 0f, 1f })
        {
            var image = Enumerable.Repeat(fill, shape.Length).ToArray();
            foreach (var corruption in NoiseAndDigitalCorruptions.All)
            {
                var output = new float[shape.Length];
                corruption.Apply(image, shape, 5, CorruptionPreset.Cifar10C, new Random(0), output);
                Assert.All(output, v => Assert.InRange(v, 0f, 1f));
            }
        }
    }

    private static float[] Run(string name, float[] image, ImageShape shape, int severity, CorruptionPreset preset, int seed)
    {
        var output = new float[shape.Length];
        NoiseAndDigitalCorruptions.All.Single(c => c.Name == name).Apply(image, shape, severity, preset, new Random(seed), output);
        return output;
    }

    /// <summary>A non-square image of uint8 levels with a smooth gradient and some texture, including 0 and 1.</summary>
    private static (float[] Image, ImageShape Shape) TestImage(CorruptionPreset preset)
    {
        var shape = preset == CorruptionPreset.Cifar10C ? new ImageShape(3, 24, 36) : new ImageShape(3, 72, 96);
        var random = new Random(42);
        var image = new float[shape.Length];
        var plane = shape.Height * shape.Width;
        for (var i = 0; i < image.Length; i++)
        {
            var p = i % plane;
            var gradient = (double)(p % shape.Width) / shape.Width;
            image[i] = (int)(255 * Math.Clamp((0.8 * gradient) + (0.3 * random.NextDouble()) - 0.05, 0, 1)) / 255f;
        }

        return (image, shape);
    }
}
