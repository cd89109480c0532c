using CloudFreq.Core.Analyses;

namespace CloudFreq.Core.Tests.Analyses;

public class CurveCrossingTests
{
    [Fact]
    public void First_RisingCurve_InterpolatesLinearly()
    {
        Assert.Equal(0.15, CurveCrossing.First([0.0, 0.1, 0.2, 0.3], [-0.5, -0.2, 0.2, 0.4], 0)!.Value, 12);
    }

    [Fact]
    public void First_FallingCurveAndSampleOnTheLevel_ReturnsThatSample()
    {
        Assert.Equal(0.2, CurveCrossing.First([0.0, 0.1, 0.2, 0.3], [0.9, 0.7, 0.5, 0.1], 0.5));
    }

    [Fact]
    public void First_SeveralCrossings_ReturnsTheFirst()
    {
        Assert.Equal(0.5, CurveCrossing.First([0.0, 1.0, 2.0, 3.0], [-1.0, 1.0, -1.0, 1.0], 0)!.Value, 12);
    }

    [Fact]
    public void First_NeverCrosses_ReturnsNull()
    {
        Assert.Null(CurveCrossing.First([0.0, 0.5, 1.0], [-0.3, -0.2, -0.1], 0));
    }
}
