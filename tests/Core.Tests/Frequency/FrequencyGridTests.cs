using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Tests.Frequency;

public class FrequencyGridTests
{
    [Fact]
    public void Radius_EvenGrid_FollowsFftfreqAsFractionOfNyquist()
    {
        var grid = new FrequencyGrid(32, 32);

        Assert.Equal(0f, grid.Radius(0, 0));
        Assert.Equal(2f * 3 / 32, grid.Radius(0, 3), 6);
        Assert.Equal(2f * 3 / 32, grid.Radius(0, 29), 6);
        Assert.Equal(1f, grid.Radius(16, 0), 6);
        Assert.Equal((float)Math.Sqrt(2), grid.Radius(16, 16), 6);
        Assert.Equal((float)(2 * Math.Sqrt(34) / 32), grid.Radius(5, 3), 6);
    }

    [Fact]
    public void Radius_OddGrid_HasNoNyquistBin()
    {
        var grid = new FrequencyGrid(7, 5);

        // fftfreq(7) = [0, 1, 2, 3, -3, -2, -1] / 7; fftfreq(5) = [0, 1, 2, -2, -1] / 5.
        Assert.Equal((float)(2.0 * 3 / 7), grid.Radius(3, 0), 6);
        Assert.Equal((float)(2.0 * 3 / 7), grid.Radius(4, 0), 6);
        Assert.Equal((float)(2 * Math.Sqrt((9.0 / 49) + (4.0 / 25))), grid.Radius(4, 3), 6);
        Assert.Equal(35, grid.Radii.Length);
    }

    [Fact]
    public void DistinctRadii_StartAtDcAndAscend()
    {
        var grid = new FrequencyGrid(32, 32);
        var distinct = grid.DistinctRadii;

        Assert.Equal(0, distinct[0]);
        Assert.Equal(2.0 / 32, distinct[1], 12);
        Assert.Equal(Math.Sqrt(2), distinct[^1], 12);
        for (var i = 1; i < distinct.Length; i++)
        {
            Assert.True(distinct[i] > distinct[i - 1]);
        }
    }
}
