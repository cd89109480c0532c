using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Frequency;

public class PowerSpectrumAccumulatorTests
{
    private static readonly ImageShape Shape = new(3, 32, 32);

    [Fact]
    public void Add_Parseval_TotalPowerIsSizeTimesCenteredEnergy()
    {
        var delta = FrequencyTestImages.Uniform(Shape.Length, seed: 41);
        var accumulator = new PowerSpectrumAccumulator(32, 32);

        accumulator.Add(delta, Shape, new Fft2D(32, 32));

        var planeLength = 32 * 32;
        var centeredEnergy = 0.0;
        for (var c = 0; c < 3; c++)
        {
            var plane = delta.AsSpan(c * planeLength, planeLength).ToArray();
            var mean = plane.Average(v => (double)v);
            centeredEnergy += plane.Sum(v => (v - mean) * (v - mean));
        }

        Assert.Equal(0, accumulator.Sum[0]);
        Assert.Equal(3, accumulator.Count);
        Assert.Equal(centeredEnergy * planeLength, accumulator.Sum.Sum(), 1e-9 * centeredEnergy * planeLength);
    }

    [Fact]
    public void Add_ConstantDelta_GivesZeroPower()
    {
        var accumulator = new PowerSpectrumAccumulator(32, 32);

        accumulator.Add(Enumerable.Repeat(0.03f, Shape.Length).ToArray(), Shape, new Fft2D(32, 32));

        Assert.All(accumulator.Sum, p => Assert.True(p < 1e-18, $"power {p}"));
        Assert.Null(PowerSpectrumAccumulator.HalfPowerFrequency(new double[32 * 32], new FrequencyGrid(32, 32)));
    }

    [Fact]
    public void Merge_TwoHalves_EqualsOneAccumulator()
    {
        var fft = new Fft2D(32, 32);
        var whole = new PowerSpectrumAccumulator(32, 32);
        var first = new PowerSpectrumAccumulator(32, 32);
        var second = new PowerSpectrumAccumulator(32, 32);
        var a = FrequencyTestImages.Uniform(Shape.Length, seed: 42);
        var b = FrequencyTestImages.Uniform(Shape.Length, seed: 43);
        whole.Add(a, Shape, fft);
        whole.Add(b, Shape, fft);
        first.Add(a, Shape, fft);
        second.Add(b, Shape, fft);

        first.Merge(second);

        Assert.Equal(6, first.Count);
        // Same terms, summed in a different order: equal up to float64 rounding.
        for (var i = 0; i < whole.Sum.Length; i++)
        {
            Assert.Equal(whole.Sum[i], first.Sum[i], 1e-12 * whole.Sum[i]);
        }

        Assert.Equal(whole.Sum[5] / 6, whole.Mean()[5], 12);
    }

    [Fact]
    public void HalfPowerFrequency_WhiteNoise_IsRadiusHoldingHalfTheBins()
    {
        var grid = new FrequencyGrid(32, 32);
        var fft = new Fft2D(32, 32);
        var accumulator = new PowerSpectrumAccumulator(32, 32);
        var random = new Random(44);
        var delta = new float[Shape.Length];
        for (var n = 0; n < 200; n++)
        {
            for (var i = 0; i < delta.Length; i++)
            {
                delta[i] = random.NextSingle() - 0.5f;
            }

            accumulator.Add(delta, Shape, fft);
        }

        // The radius at which the disc first holds half of the non-DC bins, counted from the grid.
        var nonDc = grid.PreciseRadii.ToArray().Where(c => c > 0).Order().ToArray();
        var halfBinRadius = nonDc[(nonDc.Length / 2) - 1];

        var f = PowerSpectrumAccumulator.HalfPowerFrequency(accumulator.Mean(), grid);

        Assert.NotNull(f);
        Assert.True(Math.Abs(f.Value - halfBinRadius) < 0.02, $"f0.5 = {f}, half-bin radius = {halfBinRadius}");
    }

    [Fact]
    public void HalfPowerFrequency_PowerAtTwoRadii_InterpolatesBetweenThem()
    {
        var grid = new FrequencyGrid(32, 32);
        var power = new double[32 * 32];

        // 1 unit at c = 2/32 (bin (0, 1)), 3 units at c = 4/32 (bin (0, 2)): R = 0.25 at 1/16, 1 at 1/8.
        power[1] = 1;
        power[2] = 3;

        var f = PowerSpectrumAccumulator.HalfPowerFrequency(power, grid);
        var ratios = PowerSpectrumAccumulator.RadialCumulativePowerRatio(power, grid, [0, 0.0625, 0.1, 0.125, 1.5]);

        // Distinct radii between 1/16 and 1/8: sqrt(2)/16 holds nothing, so R stays 0.25 there.
        var before = Math.Sqrt(2) / 16;
        Assert.Equal(before + ((0.5 - 0.25) / 0.75 * (0.125 - before)), f!.Value, 12);
        Assert.Equal([0, 0.25, 0.25, 1, 1], ratios);
    }

    [Fact]
    public void RadialCumulativePowerRatio_ZeroPower_IsNaN()
    {
        var ratios = PowerSpectrumAccumulator.RadialCumulativePowerRatio(new double[64], new FrequencyGrid(8, 8), [0.5]);

        Assert.True(double.IsNaN(ratios[0]));
    }

    [Fact]
    public void Shifted_MovesDcToCentre()
    {
        var power = new double[6 * 5];
        power[0] = 7;
        power[(5 * 5) + 4] = 3;

        var shifted = PowerSpectrumAccumulator.Shifted(power, 6, 5);
        var log = PowerSpectrumAccumulator.Log10Shifted(power, 6, 5, floor: 1e-6);

        // numpy.fft.fftshift: index i moves to (i + n // 2) % n; (5, 4) -> (2, 1).
        Assert.Equal(7, shifted[(3 * 5) + 2]);
        Assert.Equal(3, shifted[(2 * 5) + 1]);
        Assert.Equal(Math.Log10(7), log[(3 * 5) + 2], 12);
        Assert.Equal(-6, log[0], 12);
    }

    [Fact]
    public void Add_RepeatedWithFreshObjects_IsBitIdentical()
    {
        var delta = FrequencyTestImages.Uniform(Shape.Length, seed: 45);

        double[] Run()
        {
            var accumulator = new PowerSpectrumAccumulator(32, 32);
            accumulator.Add(delta, Shape, new Fft2D(32, 32));
            return accumulator.Sum;
        }

        Assert.Equal(Run(), Run());
    }
}
