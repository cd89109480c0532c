using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Geometric;
using CloudFreq.Core.Corruptions.Weather;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Corruptions.Weather;

/// <summary>The ICorruption contract for frost, fog, spatter and elastic_transform, under both presets.</summary>
public sealed class WeatherCorruptionContractTests
{
    public static TheoryData<string, CorruptionPreset> Cases()
    {
        var data = new TheoryData<string, CorruptionPreset>();
        foreach (var name in new[] { "frost", "fog", "spatter", "elastic_transform" })
        {
            data.Add(name, CorruptionPreset.Cifar10C);
            data.Add(name, CorruptionPreset.ImageNetC);
        }

        return data;
    }

    [Fact]
    public void All_FrostTextureSource_ListsTheFourCorruptionsOnce()
    {
        var names = WeatherAndGeometricCorruptions.All(FrostTestTextures.Source()).Select(c => c.Name).ToList();

        Assert.Equal(["frost", "fog", "spatter", "elastic_transform"], names);
        Assert.All(WeatherAndGeometricCorruptions.All(FrostTestTextures.Source()), c => Assert.True(c.UsesRandomness));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_SameSeedTwice_GivesIdenticalOutput(string name, CorruptionPreset preset)
    {
        var corruption = Find(name);
        var (image, shape) = TestImage(preset);
        for (var severity = 1; severity <= 5; severity++)
        {
            var first = new float[shape.Length];
            var second = new float[shape.Length];
            var other = new float[shape.Length];
            corruption.Apply(image, shape, severity, preset, new Random(42), first);
            corruption.Apply(image, shape, severity, preset, new Random(42), second);
            corruption.Apply(image, shape, severity, preset, new Random(43), other);

            Assert.Equal(first, second);
            Assert.NotEqual(first, other);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_EverySeverity_StaysInUnitRangeAndKeepsShape(string name, CorruptionPreset preset)
    {
        var corruption = Find(name);

        // Not square, to catch height/width mix-ups.
        var shape = preset == CorruptionPreset.Cifar10C ? new ImageShape(3, 32, 40) : new ImageShape(3, 224, 200);
        var image = RandomImage(shape, 5);
        for (var severity = 1; severity <= 5; severity++)
        {
            var output = new float[shape.Length];
            Array.Fill(output, float.NaN);
            corruption.Apply(image, shape, severity, preset, new Random(severity), output);

            Assert.All(output, v => Assert.InRange(v, 0f, 1f));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_SeverityOutsideOneToFive_ThrowsArgumentOutOfRange(string name, CorruptionPreset preset)
    {
        var corruption = Find(name);
        var (image, shape) = TestImage(preset);
        var output = new float[shape.Length];

        Assert.Throws<ArgumentOutOfRangeException>(() => corruption.Apply(image, shape, 0, preset, new Random(1), output));
        Assert.Throws<ArgumentOutOfRangeException>(() => corruption.Apply(image, shape, 6, preset, new Random(1), output));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_DestinationOfWrongLength_ThrowsArgument(string name, CorruptionPreset preset)
    {
        var corruption = Find(name);
        var (image, shape) = TestImage(preset);

        Assert.Throws<ArgumentException>(() => corruption.Apply(image, shape, 1, preset, new Random(1), new float[shape.Length - 1]));
    }

    [Fact]
    public void Apply_ManyParallelCalls_MatchSequentialResults()
    {
        var corruptions = WeatherAndGeometricCorruptions.All(FrostTestTextures.Source());
        var (image, shape) = TestImage(CorruptionPreset.Cifar10C);
        var expected = corruptions.Select(c => Run(c, image, shape, 11)).ToList();

        Parallel.For(0, 16, i =>
        {
            var index = i % corruptions.Count;
            Assert.Equal(expected[index], Run(corruptions[index], image, shape, 11));
        });
    }

    private static float[] Run(ICorruption corruption, float[] image, ImageShape shape, int seed)
    {
        var output = new float[shape.Length];
        corruption.Apply(image, shape, 3, CorruptionPreset.Cifar10C, new Random(seed), output);
        return output;
    }

    private static ICorruption Find(string name) =>
        WeatherAndGeometricCorruptions.All(FrostTestTextures.Source()).Single(c => c.Name == name);

    private static (float[] Image, ImageShape Shape) TestImage(CorruptionPreset preset) =>
        ReferenceCorruptions.LoadPng(preset == CorruptionPreset.Cifar10C ? "cifar_0_clean.png" : "imagenet_0_clean.png");

    private static float[] RandomImage(ImageShape shape, int seed)
    {
        var random = new Random(seed);
        var image = new float[shape.Length];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = random.Next(256) / 255f;
        }

        return image;
    }
}
