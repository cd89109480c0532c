using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Corruptions;

public class CorruptionApplierTests
{
    /// <summary>Scales the image by 0.5 and records the channel count it was given.</summary>
    private sealed class HalvingCorruption : ICorruption
    {
        public string Name => "halve";

        public bool UsesRandomness => false;

        public int SeenChannels { get; private set; }

        public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
        {
            SeenChannels = shape.Channels;
            for (var i = 0; i < image.Length; i++)
            {
                destination[i] = image[i] * 0.5f;
            }
        }
    }

    [Fact]
    public void Apply_Quantize_TruncatesLikeNumpysCast()
    {
        var shape = new ImageShape(3, 1, 2);
        float[] image = [0.999f, 0.5f, 0.2f, 0.9f, 0.02f, 1f];
        var output = new float[6];

        new CorruptionApplier(shape).Apply(new HalvingCorruption(), image, 1, CorruptionPreset.Cifar10C, new Random(0), quantize: true, jpegQuality: null, output);

        // 0.4995 * 255 = 127.37 -> 127 (truncated, not rounded to 127 or up); 0.25 * 255 = 63.75 -> 63.
        Assert.Equal(127f / 255f, output[0]);
        Assert.Equal(63f / 255f, output[1]);
        Assert.Equal(127f / 255f, output[5]);
    }

    [Fact]
    public void Apply_GrayscaleImage_IsCorruptedAsThreeEqualChannelsAndComesBackAsLuma()
    {
        var shape = new ImageShape(1, 2, 2);
        float[] image = [0.2f, 0.4f, 0.6f, 0.8f];
        var corruption = new HalvingCorruption();
        var output = new float[4];

        new CorruptionApplier(shape).Apply(corruption, image, 2, CorruptionPreset.Cifar10C, new Random(0), quantize: false, jpegQuality: null, output);

        Assert.Equal(3, corruption.SeenChannels);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(image[i] * 0.5f, output[i], 1e-6f);
        }
    }

    [Fact]
    public void Apply_Jpeg_ChangesPixelsOnlySlightlyOnASmoothImage()
    {
        var shape = new ImageShape(3, 32, 32);
        var image = new float[shape.Length];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = 0.3f + (0.4f * (i % 32) / 31f);
        }

        var plain = new float[shape.Length];
        var jpeg = new float[shape.Length];
        var applier = new CorruptionApplier(shape);
        applier.Apply(new HalvingCorruption(), image, 1, CorruptionPreset.ImageNetC, new Random(0), true, null, plain);
        applier.Apply(new HalvingCorruption(), image, 1, CorruptionPreset.ImageNetC, new Random(0), true, CorruptionApplier.ImageNetCJpegQuality, jpeg);

        var meanDifference = plain.Zip(jpeg, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(meanDifference > 0, "the JPEG step must change something");
        Assert.True(meanDifference < 3 / 255.0, $"mean difference {meanDifference * 255:F2} levels");
    }

    [Fact]
    public void PresetFor_ImageSize_ChoosesCifarUpTo64Pixels()
    {
        Assert.Equal(CorruptionPreset.Cifar10C, CorruptionCatalog.PresetFor(32, 32));
        Assert.Equal(CorruptionPreset.Cifar10C, CorruptionCatalog.PresetFor(64, 48));
        Assert.Equal(CorruptionPreset.ImageNetC, CorruptionCatalog.PresetFor(224, 224));
    }

    [Fact]
    public void GroupOf_StudyGroups_CoverTheFifteenBenchmarkCorruptions()
    {
        var groups = CorruptionCatalog.Benchmark.GroupBy(CorruptionCatalog.GroupOf).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(5, groups[CorruptionGroup.Low]);
        Assert.Equal(7, groups[CorruptionGroup.Medium]);
        Assert.Equal(3, groups[CorruptionGroup.High]);
        Assert.All(CorruptionCatalog.Extra, e => Assert.Equal(CorruptionGroup.Extra, CorruptionCatalog.GroupOf(e)));
        Assert.Equal(15, CorruptionCatalog.AlexNetErrors.Count);
    }
}
