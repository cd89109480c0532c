using System.Numerics;
using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Tests.Frequency;

public class MixedRadixFftPlanTests
{
    [Theory]
    [InlineData(32, 1)]
    [InlineData(32, 32)]
    [InlineData(224, 1)]
    [InlineData(224, 3)]
    [InlineData(28, 5)]
    [InlineData(30, 7)]
    [InlineData(49, 2)]
    public void Transform_VectorizedLoops_BitIdenticalToScalarLoops(int length, int batch)
    {
        var random = new Random(length * 31 + batch);
        var input = Enumerable.Range(0, length * batch).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var plan = new MixedRadixFftPlan(length);
        foreach (var inverse in new[] { false, true })
        {
            var scalar = (Complex[])input.Clone();
            var vector = (Complex[])input.Clone();
            var wasVectorized = MixedRadixFftPlan.Vectorized;
            try
            {
                MixedRadixFftPlan.Vectorized = false;
                plan.Transform(scalar, new Complex[scalar.Length], batch, inverse);
                MixedRadixFftPlan.Vectorized = true;
                plan.Transform(vector, new Complex[vector.Length], batch, inverse);
            }
            finally
            {
                MixedRadixFftPlan.Vectorized = wasVectorized;
            }

            // Bit for bit: the vector loops do Complex's operations in Complex's order.
            Assert.Equal(scalar.Select(c => (c.Real, c.Imaginary)), vector.Select(c => (c.Real, c.Imaginary)));
        }
    }

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
