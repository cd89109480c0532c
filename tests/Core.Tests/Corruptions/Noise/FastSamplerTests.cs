using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Noise;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Corruptions.Noise;

public sealed class FastSamplerTests
{
    [Fact]
    public void FastNormals_ManyDraws_HaveTheRequestedMomentsAndTails()
    {
        var uniform = new FastUniform(new Random(7));
        var values = new float[1_000_001];

        FastNormals.Fill(ref uniform, values, 0.5f);

        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => ((double)v - mean) * ((double)v - mean));
        Assert.InRange(mean, -0.002, 0.002);
        Assert.InRange(Math.Sqrt(variance), 0.498, 0.502);

        // P(|z| > 2 sigma) = 4.55 %.
        Assert.InRange(values.Count(v => Math.Abs(v) > 1.0) / (double)values.Length, 0.0445, 0.0465);
    }

    [Fact]
    public void FastUniform_SameSeed_SameStream()
    {
        var a = new FastUniform(new Random(3));
        var b = new FastUniform(new Random(3));
        var c = new FastUniform(new Random(4));

        var first = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();

        Assert.Equal(first, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(3.2)]
    [InlineData(12)]
    [InlineData(100)]
    [InlineData(500)]
    public void PoissonTable_Inversion_MatchesTheDistribution(double rate)
    {
        var table = new PoissonTable(rate);
        var uniform = new FastUniform(new Random(11));
        const int draws = 400_000;
        double sum = 0;
        double squares = 0;
        for (var i = 0; i < draws; i++)
        {
            var k = table.Sample(uniform.NextDouble());
            Assert.True(k >= 0);
            sum += k;
            squares += (double)k * k;
        }

        // Mean and variance of a Poisson are both the rate; four standard errors.
        var mean = sum / draws;
        var variance = (squares / draws) - (mean * mean);
        Assert.InRange(mean, rate - (4 * Math.Sqrt(rate / draws)), rate + (4 * Math.Sqrt(rate / draws)));
        Assert.InRange(variance, rate * 0.97, rate * 1.03);
    }

    [Fact(Timeout = 30_000)]
    public async Task ShotNoise_NonFiniteAndOutOfRangeValues_EndWithClippedOutputs()
    {
        // +infinity once sent MathNet's Poisson sampler into an endless loop.
        var image = new float[3 * 2 * 4];
        float[] values = [float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0f, -0.5f, 2f, 1f, 0.5f];
        values.CopyTo(image, 0);
        var output = new float[image.Length];

        await Task.Run(() => new ShotNoise().Apply(image, new ImageShape(3, 2, 4), 5, CorruptionPreset.ImageNetC, new Random(1), output));

        Assert.Equal([1f, 0f, 0f, 0f, 0f], output[..5]);
        Assert.All(output, v => Assert.InRange(v, 0f, 1f));
    }
}
