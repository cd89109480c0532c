using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Tests.Frequency;

public class FrequencyMaskTests
{
    private static readonly double[] AlphaGrid =
        [0, 0.03, 0.04, 0.05, 0.06, 0.08, 0.09, 0.11, 0.13, 0.15, 0.17, 0.19, 0.22, 0.27, 0.33, 0.42, 0.57, 1.0];

    [Theory]
    [InlineData(FilterShape.Ideal)]
    [InlineData(FilterShape.Gaussian)]
    [InlineData(FilterShape.Butterworth)]
    public void LowPass_CutoffZero_KeepsOnlyDc(FilterShape shape)
    {
        var mask = FrequencyMask.LowPass(new FrequencyGrid(32, 32), shape, 0);

        Assert.Equal(1f, mask.Values[0]);
        Assert.Equal(1f, mask.Values.ToArray().Sum());
    }

    [Fact]
    public void LowPass_IdealAtOne_KeepsInscribedDiscAndLeavesCornersHigh()
    {
        var grid = new FrequencyGrid(32, 32);
        var mask = FrequencyMask.LowPass(grid, FilterShape.Ideal, 1.0);

        Assert.Equal(1f, mask.Values[16 * 32]);
        Assert.Equal(1f, mask.Values[16]);
        Assert.Equal(0f, mask.Values[(16 * 32) + 16]);
        Assert.Equal(0f, mask.Values[(16 * 32) + 1]);
        var expectedKept = grid.PreciseRadii.ToArray().Count(c => c <= 1.0 + 1e-12);
        Assert.Equal(expectedKept, (int)mask.Values.ToArray().Sum());
    }

    [Fact]
    public void LowPass_IdealAboveSqrtTwo_KeepsEveryBin()
    {
        var mask = FrequencyMask.LowPass(new FrequencyGrid(28, 28), FilterShape.Ideal, 1.5);

        Assert.All(mask.Values.ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void LowPass_Gaussian_FollowsClosedForm()
    {
        var grid = new FrequencyGrid(32, 32);
        var mask = FrequencyMask.LowPass(grid, FilterShape.Gaussian, 0.4);
        var r = 0.5 * grid.PreciseRadii[(5 * 32) + 3];

        Assert.Equal(Math.Exp(-(r * r) / (2 * 0.2 * 0.2)), mask.Values[(5 * 32) + 3], 1e-7);
    }

    [Fact]
    public void LowPass_ButterworthAtCutoffRadius_IsOneHalf()
    {
        var grid = new FrequencyGrid(32, 32);
        var mask = FrequencyMask.LowPass(grid, FilterShape.Butterworth, 0.25);

        // Bin (0, 4): c_bin = 2 * 4/32 = 0.25, so 1 / (1 + 1^4).
        Assert.Equal(0.5f, mask.Values[4], 6);
    }

    [Fact]
    public void Key_IdealCutoffsSelectingSameBins_AreEqual()
    {
        var grid = new FrequencyGrid(32, 32);

        Assert.Equal(FrequencyMask.KeyFor(grid, FilterShape.Ideal, 0.0), FrequencyMask.KeyFor(grid, FilterShape.Ideal, 0.06));
        Assert.NotEqual(FrequencyMask.KeyFor(grid, FilterShape.Ideal, 0.06), FrequencyMask.KeyFor(grid, FilterShape.Ideal, 0.0625));
        Assert.NotEqual(FrequencyMask.KeyFor(grid, FilterShape.Gaussian, 0.3), FrequencyMask.KeyFor(grid, FilterShape.Gaussian, 0.31));
    }

    [Fact]
    public void MaskSet_AlphaGridAt32Pixels_CutoffsBelowSevenPercentShareTheDcOnlyMask()
    {
        var set = new FrequencyMaskSet(new FrequencyGrid(32, 32), FilterShape.Ideal, AlphaGrid);

        var dcOnly = set.MaskIndexOfCutoff[0];
        Assert.Equal([0, 1, 2, 3, 4], set.CutoffIndicesOf(dcOnly).ToArray());
        Assert.Equal(1f, set.DistinctMasks[dcOnly].Values.ToArray().Sum());
        Assert.NotEqual(dcOnly, set.MaskIndexOfCutoff[5]);
        var grid = new FrequencyGrid(32, 32);
        var distinctBinCounts = AlphaGrid.Select(a => grid.PreciseRadii.ToArray().Count(c => c <= a + 1e-12)).Distinct().Count();
        Assert.Equal(distinctBinCounts, set.DistinctMasks.Count);

        // 0.15 and 0.17 both keep the disc up to c = sqrt(5)/16 = 0.1398 (the next radius is 0.1768).
        Assert.Equal(set.MaskIndexOfCutoff[9], set.MaskIndexOfCutoff[10]);
        Assert.Same(set.DistinctMasks[dcOnly], set.MaskFor(4));
    }

    [Fact]
    public void MaskSet_DistinctMasks_HaveDistinctValues()
    {
        var set = new FrequencyMaskSet(new FrequencyGrid(32, 32), FilterShape.Ideal, AlphaGrid);

        for (var i = 0; i < set.DistinctMasks.Count; i++)
        {
            for (var j = i + 1; j < set.DistinctMasks.Count; j++)
            {
                Assert.False(set.DistinctMasks[i].Values.SequenceEqual(set.DistinctMasks[j].Values), $"masks {i} and {j}");
            }
        }
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void LowPass_InvalidCutoff_ThrowsUserError(double cutoff)
    {
        Assert.Throws<CloudFreqException>(() => FrequencyMask.LowPass(new FrequencyGrid(8, 8), FilterShape.Ideal, cutoff));
    }
}
