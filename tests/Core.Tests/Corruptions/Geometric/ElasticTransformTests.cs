using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Geometric;
using CloudFreq.Core.Tests.Corruptions.Weather;

namespace CloudFreq.Core.Tests.Corruptions.Geometric;

public sealed class ElasticTransformTests
{
    /// <summary>
    /// The change's mean is near zero (a warp moves content, it adds none), so it gets an absolute
    /// bound of a tenth of the reference's standard deviation (2-6 levels). Changed share within 10% everywhere. Standard deviation within 10%
    /// except CIFAR-10-C severities 1-4 and ImageNet-C severity 1 (20-25%): ours is 10-20% larger
    /// there. The reference files are a low draw, not a different algorithm: the original generator
    /// itself, re-run over 40 seeds on the same clean images (fixtures/elastic_generator_statistics.py),
    /// is 9-11% above them at CIFAR severities 1-4, and ours matches that distribution within 10%
    /// (the next test).
    /// </summary>
    [Theory]
    [InlineData(CorruptionPreset.Cifar10C, 1, 0.25)]
    [InlineData(CorruptionPreset.Cifar10C, 2, 0.25)]
    [InlineData(CorruptionPreset.Cifar10C, 3, 0.25)]
    [InlineData(CorruptionPreset.Cifar10C, 4, 0.20)]
    [InlineData(CorruptionPreset.Cifar10C, 5, 0.10)]
    [InlineData(CorruptionPreset.ImageNetC, 1, 0.20)]
    [InlineData(CorruptionPreset.ImageNetC, 2, 0.10)]
    [InlineData(CorruptionPreset.ImageNetC, 3, 0.10)]
    [InlineData(CorruptionPreset.ImageNetC, 4, 0.10)]
    [InlineData(CorruptionPreset.ImageNetC, 5, 0.10)]
    public void Apply_SeveralSeeds_DeltaStatisticsMatchReference(CorruptionPreset preset, int severity, double stdTolerance)
    {
        var parity = DeltaParity.Measure(new ElasticTransform(), preset, severity, seeds: preset == CorruptionPreset.Cifar10C ? 8 : 12);

        parity.AssertClose(relativeStd: stdTolerance, relativeChanged: 0.10, meanTolerance: 0.1 * parity.ReferenceStd);
    }

    /// <summary>
    /// Parity against the original generator's many-seed statistics on the reference's clean images
    /// (40 seeds each, written by fixtures/elastic_generator_statistics.py with Debian's
    /// python3-opencv, scipy and skimage): standard deviation and changed share within 10%, mean
    /// within a tenth of the standard deviation.
    /// </summary>
    [Theory]
    [InlineData(CorruptionPreset.Cifar10C, 1)]
    [InlineData(CorruptionPreset.Cifar10C, 2)]
    [InlineData(CorruptionPreset.Cifar10C, 3)]
    [InlineData(CorruptionPreset.Cifar10C, 4)]
    [InlineData(CorruptionPreset.Cifar10C, 5)]
    [InlineData(CorruptionPreset.ImageNetC, 1)]
    [InlineData(CorruptionPreset.ImageNetC, 2)]
    [InlineData(CorruptionPreset.ImageNetC, 3)]
    [InlineData(CorruptionPreset.ImageNetC, 4)]
    [InlineData(CorruptionPreset.ImageNetC, 5)]
    public void Apply_ManySeeds_DeltaStatisticsMatchTheOriginalGeneratorsOwnDistribution(CorruptionPreset preset, int severity)
    {
        var presetName = preset == CorruptionPreset.Cifar10C ? "cifar10-c" : "imagenet-c";
        var fixture = Path.Combine(SharedData.RepositoryRoot, "tests", "Core.Tests", "Corruptions", "Geometric", "fixtures", "elastic_generator_statistics.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(fixture));
        var generator = document.RootElement.GetProperty("items").EnumerateArray()
            .Where(e => e.GetProperty("preset").GetString() == presetName && e.GetProperty("severity").GetInt32() == severity)
            .Select(e => (Clean: e.GetProperty("clean").GetString()!, Mean: e.GetProperty("mean").GetDouble(), Std: e.GetProperty("std").GetDouble(), Changed: e.GetProperty("changed").GetDouble()))
            .ToList();
        Assert.NotEmpty(generator);
        var seeds = preset == CorruptionPreset.Cifar10C ? 16 : 6;
        var corruption = new ElasticTransform();
        double mean = 0, std = 0, changed = 0;
        foreach (var item in generator)
        {
            var (clean, shape) = ReferenceCorruptions.LoadPng(item.Clean);
            var output = new float[clean.Length];
            for (var seed = 0; seed < seeds; seed++)
            {
                corruption.Apply(clean, shape, severity, preset, new Random(104729 * (seed + 1)), output);
                CorruptionOutput.Quantize(output);
                var stats = ReferenceCorruptions.DeltaStatistics(output, clean);
                mean += stats.Mean / seeds / generator.Count;
                std += stats.Std / seeds / generator.Count;
                changed += stats.Changed / seeds / generator.Count;
            }
        }

        var (generatorMean, generatorStd, generatorChanged) = (generator.Average(g => g.Mean), generator.Average(g => g.Std), generator.Average(g => g.Changed));
        var message = $"ours mean {mean:F3} std {std:F3} changed {changed:P2}; generator mean {generatorMean:F3} std {generatorStd:F3} changed {generatorChanged:P2}";
        Assert.True(Math.Abs(std - generatorStd) <= 0.10 * generatorStd, message);
        Assert.True(Math.Abs(changed - generatorChanged) <= 0.10 * generatorChanged, message);
        Assert.True(Math.Abs(mean - generatorMean) <= 0.1 * generatorStd, message);
    }

    [Fact]
    public void Warp_IdentityTriangles_ReturnsTheImage()
    {
        (double X, double Y)[] points = [(26, 26), (26, 6), (6, 6)];
        var matrix = AffineWarp.FromTriangles(points, points);
        var source = Enumerable.Range(0, 3 * 20 * 30).Select(i => (i % 97) / 97f).ToArray();
        var destination = new float[source.Length];

        AffineWarp.Warp(source, destination, 3, 20, 30, matrix);

        Assert.Equal(source, destination);
    }

    [Fact]
    public void FromTriangles_ShiftedTriangle_GivesTranslation()
    {
        (double X, double Y)[] source = [(26, 26), (26, 6), (6, 6)];
        (double X, double Y)[] shifted = [(28, 25), (28, 5), (8, 5)];

        var matrix = AffineWarp.FromTriangles(source, shifted);

        Assert.Equal([1, 0, 2, 0, 1, -1], matrix.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Warp_WholePixelShift_MovesContentAndReflectsAtTheBorder()
    {
        // dst(x, y) = src(x - 2, y): column 0 reads src column -2, reflect-101 gives column 2.
        (double X, double Y)[] source = [(10, 10), (10, 0), (0, 0)];
        (double X, double Y)[] shifted = [(12, 10), (12, 0), (2, 0)];
        var image = Enumerable.Range(0, 3 * 4 * 8).Select(i => (float)i).ToArray();
        var output = new float[image.Length];

        AffineWarp.Warp(image, output, 3, 4, 8, AffineWarp.FromTriangles(source, shifted));

        Assert.Equal(image[2], output[0]);
        Assert.Equal(image[0], output[2]);
        Assert.Equal(image[5], output[7]);
    }

    [Theory]
    [InlineData(-1, 5, 0)]
    [InlineData(-2, 5, 1)]
    [InlineData(5, 5, 4)]
    [InlineData(6, 5, 3)]
    [InlineData(-600, 224, 151)]
    public void NdimageReflect_OutOfRange_MirrorsWithEdgeRepeated(int index, int length, int expected)
    {
        Assert.Equal(expected, NdimageBoundaryIndex.Resolve(index, length, NdimageBoundary.Reflect));
    }

    [Fact]
    public void GaussianFilter_ConstantPlane_StaysConstantEvenWithRadiusBeyondTheImage()
    {
        // ImageNet-C severity 1 smooths with sigma 170.8 (radius 512) a 224 px field.
        var plane = Enumerable.Repeat(0.25, 224 * 224).ToArray();

        NdimageGaussianFilter.Apply(plane, 224, 224, 244 * 0.7, 3, NdimageBoundary.Reflect);

        Assert.All(plane, v => Assert.Equal(0.25, v, 1e-12));
    }

    /// <summary>The vectorized, boundary-folded filter against the textbook per-sample correlation.</summary>
    [Theory]
    [InlineData(17, 23, 1.0, 4.0, true)]
    [InlineData(17, 23, 2.44, 3.0, false)]
    [InlineData(9, 6, 5.0, 3.0, false)]
    [InlineData(12, 7, 4.0, 4.0, true)]
    public void GaussianFilter_RandomPlane_MatchesDirectCorrelation(int height, int width, double sigma, double truncate, bool nearest)
    {
        var boundary = nearest ? NdimageBoundary.Nearest : NdimageBoundary.Reflect;
        var random = new Random(5);
        var plane = Enumerable.Range(0, height * width).Select(_ => random.NextDouble()).ToArray();
        var radius = (int)((truncate * sigma) + 0.5);
        var weights = Enumerable.Range(-radius, (2 * radius) + 1).Select(k => Math.Exp(-0.5 * k * k / (sigma * sigma))).ToArray();
        var sum = weights.Sum();
        var expected = new double[plane.Length];
        var rows = new double[plane.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                rows[(y * width) + x] = Enumerable.Range(0, weights.Length)
                    .Sum(k => weights[k] / sum * plane[(NdimageBoundaryIndex.Resolve(y + k - radius, height, boundary) * width) + x]);
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                expected[(y * width) + x] = Enumerable.Range(0, weights.Length)
                    .Sum(k => weights[k] / sum * rows[(y * width) + NdimageBoundaryIndex.Resolve(x + k - radius, width, boundary)]);
            }
        }

        NdimageGaussianFilter.Apply(plane, height, width, sigma, truncate, boundary);

        Assert.All(plane.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-12));
    }
}
