using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Blur;
using CloudFreq.Core.Corruptions.Draws;
using CloudFreq.Core.Imaging;
using MathNet.Numerics.Distributions;

namespace CloudFreq.Core.Tests.Corruptions.Draws;

public sealed class CompatRandomTests
{
    /// <summary>A Random subclass: its draws go through the Random's own methods (the fallback path) but follow the same seeded sequence.</summary>
    private sealed class DerivedRandom(int seed) : Random(seed);

    [Fact]
    public void IsAvailable_OnThisRuntime()
    {
        Assert.True(CompatRandom.IsAvailable);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(123456789)]
    [InlineData(int.MinValue)]
    public void BorrowedDraws_AndTheRandomAfterReturn_MatchAPlainRandom(int seed)
    {
        var (borrowed, reference) = (new Random(seed), new Random(seed));
        _ = borrowed.Next();
        _ = reference.Next();
        Assert.True(CompatRandom.TryBorrow(borrowed, out var draws));

        var bulk = new int[300];
        var uniforms = new double[300];
        for (var round = 0; round < 20; round++)
        {
            Assert.Equal(reference.Next(-round, round + 1), draws.Next(-round, round + 1));
            Assert.Equal(reference.NextDouble(), draws.NextDouble());
            var length = (round * 23) % bulk.Length;
            draws.NextSamples(bulk.AsSpan(0, length));
            Assert.All(bulk[..length], value => Assert.Equal(reference.Next(), value));
            draws.Fill(-round - 1, round + 2, bulk.AsSpan(0, length));
            Assert.All(bulk[..length], value => Assert.Equal(reference.Next(-round - 1, round + 2), value));
            draws.Fill(uniforms.AsSpan(0, length));
            Assert.All(uniforms[..length], value => Assert.Equal(reference.NextDouble(), value));
        }

        draws.Return(borrowed);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(reference.Next(), borrowed.Next());
            Assert.Equal(reference.NextDouble(), borrowed.NextDouble());
        }
    }

    [Fact]
    public void TryBorrow_RefusesSubclassesAndUnseededRandoms()
    {
        Assert.False(CompatRandom.TryBorrow(new DerivedRandom(1), out _));
        Assert.False(CompatRandom.TryBorrow(new Random(), out _));
        Assert.False(CompatRandom.TryBorrow(Random.Shared, out _));
    }

    [Theory]
    [InlineData(0.1, 0.3)]
    [InlineData(0.55, 0.0)]
    public void PolarNormal_MatchesMathNetNormalSample_OnBothPaths(double mean, double sd)
    {
        var reference = new Random(11);
        var expected = new float[5000];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = (float)Normal.Sample(reference, mean, sd);
        }

        var (seeded, derived) = (new Random(11), new DerivedRandom(11));
        Assert.True(CompatRandom.TryBorrow(seeded, out var compat));
        var fast = new float[expected.Length];
        PolarNormal.Fill(ref compat, fast, mean, sd);
        compat.Return(seeded);
        var fallback = new SystemRandomDraws(derived);
        var slow = new float[expected.Length];
        PolarNormal.Fill(ref fallback, slow, mean, sd);

        Assert.Equal(expected, fast);
        Assert.Equal(expected, slow);
        var next = reference.Next();
        Assert.Equal(next, seeded.Next());
        Assert.Equal(next, derived.Next());
    }

    [Theory]
    [InlineData("glass_blur", CorruptionPreset.ImageNetC, 64)]
    [InlineData("glass_blur", CorruptionPreset.Cifar10C, 32)]
    [InlineData("snow", CorruptionPreset.ImageNetC, 64)]
    [InlineData("fog", CorruptionPreset.ImageNetC, 64)]
    [InlineData("fog", CorruptionPreset.Cifar10C, 32)]
    public void Corruptions_GiveTheSameBits_WithTheInlineGeneratorAndWithTheRandomsOwnMethods(string name, CorruptionPreset preset, int size)
    {
        var corruption = DefaultCorruptions.Create().Get(name);
        var shape = new ImageShape(3, size, size);
        var pixels = new Random(5);
        var image = new float[shape.Length];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = pixels.Next(256) / 255f;
        }

        for (var severity = 1; severity <= 5; severity++)
        {
            var (seeded, derived) = (new Random(severity), new DerivedRandom(severity));
            var (fast, slow) = (new float[shape.Length], new float[shape.Length]);
            corruption.Apply(image, shape, severity, preset, seeded, fast);
            corruption.Apply(image, shape, severity, preset, derived, slow);

            Assert.Equal(slow, fast);
            Assert.Equal(derived.Next(), seeded.Next());
        }
    }
}
