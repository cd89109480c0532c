using System.Numerics;
using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Tests.Frequency;

public class MixedRadixFftPlanTests
{
    [Fact]
    public void Transform_EveryLengthUpTo72AndLargeOnes_MatchesNaiveDft()
    {
        int[] lengths = [.. Enumerable.Range(1, 72), 97, 121, 224, 227, 256];
        foreach (var length in lengths)
        {
            var input = FrequencyTestImages.Uniform(length, seed: length);
            var expected = FrequencyTestImages.NaiveDft(input, 1, length);
            var data = input.Select(v => new Complex(v, 0)).ToArray();

            new MixedRadixFftPlan(length).Transform(data, new Complex[length], batch: 1, inverse: false);

            var maxError = data.Zip(expected, (a, b) => (a - b).Magnitude).Max();
            Assert.True(maxError < 1e-9 * length, $"length {length}: max error {maxError}");
        }
    }

    [Theory]
    [InlineData(12, 5)]
    [InlineData(32, 3)]
    [InlineData(21, 4)]
    public void Transform_InterleavedBatchInverse_MatchesConjugateOfNaiveDft(int length, int batch)
    {
        var random = new Random(length + batch);
        var data = new Complex[length * batch];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = new Complex(random.NextDouble(), random.NextDouble());
        }

        var original = (Complex[])data.Clone();

        new MixedRadixFftPlan(length).Transform(data, new Complex[data.Length], batch, inverse: true);

        for (var b = 0; b < batch; b++)
        {
            for (var k = 0; k < length; k++)
            {
                var sum = Complex.Zero;
                for (var n = 0; n < length; n++)
                {
                    sum += original[b + (batch * n)] * Complex.FromPolarCoordinates(1, 2 * Math.PI * ((long)k * n % length) / length);
                }

                Assert.True((data[b + (batch * k)] - sum).Magnitude < 1e-9 * length, $"sequence {b}, bin {k}");
            }
        }
    }
}
