using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Estimates;

namespace CloudFreq.Orchestrations.Tests.Estimates;

/// <summary><see cref="ModelCalibration"/>: passes into seconds, attacks counting only the images a model gets right.</summary>
public sealed class ModelCalibrationTests
{
    private static readonly ModelCalibration Rates = new("m", 64, 10, SetupSeconds: 0.5, ForwardImagesPerSecond: 1000, GradientImagesPerSecond: 100);

    [Fact]
    public void Seconds_AddsForwardAndGradientTimeAtTheirRates()
    {
        Assert.Equal((3000 / 1000.0) + (50 / 100.0), Rates.Seconds(new PassCount(3000, 50))!.Value, 9);
    }

    [Fact]
    public void ExpectedSeconds_HalfTheImagesCorrect_TakesHalfTheAttackPasses()
    {
        var calibration = Rates with { SampleAccuracy = 0.5 };

        // 1,000 forward passes of which 600 attack, 400 gradients all attacking: 300 and 200 are skipped.
        var seconds = calibration.ExpectedSeconds(new PassCount(1000, 400), new PassCount(600, 400));

        Assert.Equal((700 / 1000.0) + (200 / 100.0), seconds!.Value, 9);
    }

    [Fact]
    public void ExpectedSeconds_AccuracyNotMeasured_IsTheUpperBound()
    {
        Assert.Equal(Rates.Seconds(new PassCount(1000, 400)), Rates.ExpectedSeconds(new PassCount(1000, 400), new PassCount(600, 400)));
    }
}
