using CloudFreq.Core.Imaging;
using CloudFreq.Orchestrations.Estimates;
using CloudFreq.Orchestrations.Tests.Estimates.Fakes;

namespace CloudFreq.Orchestrations.Tests.Estimates;

/// <summary><see cref="TransformCalibrator"/>: the rate of a transform of known cost, once per family and size.</summary>
public sealed class TransformCalibratorTests
{
    private static readonly CalibrationOptions Options = new()
    {
        TransformDuration = TimeSpan.FromSeconds(0.25),
        TransformWarmup = TimeSpan.FromSeconds(0.1),
        TransformBatchSize = 40,
    };

    private readonly ManualClock _clock = new();

    [Fact]
    public void Calibrate_TransformOfKnownCost_MeasuresItsRateExactly()
    {
        var family = new FakeTransformFamily("fake", TimeSpan.FromMilliseconds(10), _clock);

        var calibration = new TransformCalibrator(Options, _clock).Calibrate(family, new ShapeOnlyDataset(new ImageShape(3, 32, 32)));

        // 40 images per 10 ms batch: 4,000 images/s; 1,000 transforms then take 0.25 s.
        Assert.Equal(4000, calibration.TransformsPerSecond!.Value, 6);
        Assert.Equal(0.25, calibration.Seconds(1000)!.Value, 9);
        Assert.Equal(("fake", "3x32x32", (string?)null), (calibration.Family, calibration.Shape, calibration.Dataset));
        // 10 warm-up batches (0.1 s), then 25 timed ones (0.25 s).
        Assert.Equal(10 + 25, family.Batches);
    }

    [Fact]
    public void Calibrate_TransformThatSleeps_IsNeverTimedFasterThanItsSleep()
    {
        var family = new FakeTransformFamily("sleeper", TimeSpan.FromMilliseconds(20));
        var options = Options with { TransformDuration = TimeSpan.FromMilliseconds(60), TransformWarmup = TimeSpan.Zero, TransformWarmupLimit = TimeSpan.FromMilliseconds(200), TransformBatchSize = 4 };

        var calibration = new TransformCalibrator(options).Calibrate(family, new ShapeOnlyDataset(new ImageShape(1, 8, 8)));

        // A batch of 4 sleeps 20 ms, so at most 200 images/s, whatever else the machine does.
        Assert.InRange(calibration.TransformsPerSecond!.Value, 1, 200);
    }

    [Fact]
    public void Calibrate_SameFamilyAndSizeTwice_TimesItOnce_AnotherSizeAgain()
    {
        var family = new FakeTransformFamily("fake", TimeSpan.FromMilliseconds(10), _clock);
        var calibrator = new TransformCalibrator(Options, _clock);

        var first = calibrator.Calibrate(family, new ShapeOnlyDataset(new ImageShape(3, 32, 32), "a"));
        var again = calibrator.Calibrate(family, new ShapeOnlyDataset(new ImageShape(3, 32, 32), "b"));
        var larger = calibrator.Calibrate(family, new ShapeOnlyDataset(new ImageShape(3, 224, 224), "c"));

        Assert.Same(first, again);
        Assert.Equal("3x224x224", larger.Shape);
        Assert.Equal(2, family.ProbesCreated);
        Assert.Equal(2, calibrator.Calibrations.Count);
    }

    [Fact]
    public void Calibrate_FamilyThatReadsTheDataset_IsTimedPerDataset()
    {
        var decode = new FakeTransformFamily("decode", TimeSpan.FromMilliseconds(10), _clock, readsDataset: true);
        var calibrator = new TransformCalibrator(Options, _clock);

        calibrator.Calibrate([(decode, new ShapeOnlyDataset(new ImageShape(3, 32, 32), "a")), (decode, new ShapeOnlyDataset(new ImageShape(3, 32, 32), "b"))]);

        Assert.Equal(2, decode.ProbesCreated);
        Assert.Equal(["a", "b"], calibrator.Calibrations.Select(c => c.Dataset));
    }

    [Fact]
    public void Calibrate_SeveralFamilies_ShareOneWarmup()
    {
        var one = new FakeTransformFamily("one", TimeSpan.FromMilliseconds(10), _clock);
        var two = new FakeTransformFamily("two", TimeSpan.FromMilliseconds(40), _clock);
        var dataset = new ShapeOnlyDataset(new ImageShape(3, 32, 32));

        new TransformCalibrator(Options, _clock).Calibrate([(one, dataset), (two, dataset)]);

        // Rounds of 10 + 40 ms: 0.1 s is over after two, but every family gets the 4 warm-up rounds; not 0.1 s for each.
        Assert.Equal(4 + 25, one.Batches);
        Assert.Equal(4 + 7, two.Batches); // 40 ms batches: the seventh passes 0.25 s
    }

    [Fact]
    public void Calibrate_LongWarmup_RunsRoundsUntilItIsSpent()
    {
        var family = new FakeTransformFamily("fake", TimeSpan.FromMilliseconds(10), _clock);

        new TransformCalibrator(Options with { TransformWarmup = TimeSpan.FromSeconds(0.5) }, _clock).Calibrate(family, new ShapeOnlyDataset(new ImageShape(3, 32, 32)));

        Assert.Equal(50 + 25, family.Batches);
    }

    [Fact]
    public void Calibrate_FamilyThatGotFaster_IsWarmedUntilTwoRoundsAreSteady()
    {
        // 3 batches of 40 ms, then 10 ms ones: the 4th is faster, so the warm-up goes on through the 5th and 6th.
        var family = new FakeTransformFamily("cold", TimeSpan.FromMilliseconds(10), _clock, coldBatches: 3);

        var calibration = new TransformCalibrator(Options, _clock).Calibrate(family, new ShapeOnlyDataset(new ImageShape(3, 32, 32)));

        Assert.Equal(6 + 25, family.Batches);
        Assert.Equal(4000, calibration.TransformsPerSecond!.Value, 6);
    }

    [Fact]
    public void Calibrate_NoTiming_GivesNoRateAndRunsNothing()
    {
        var family = new FakeTransformFamily("fake", TimeSpan.FromMilliseconds(10), _clock);

        var calibration = new TransformCalibrator(Options with { TransformDuration = TimeSpan.Zero }, _clock).Calibrate(family, new ShapeOnlyDataset(new ImageShape(3, 32, 32)));

        Assert.Null(calibration.TransformsPerSecond);
        Assert.Null(calibration.Seconds(10));
        Assert.Equal(0, family.ProbesCreated);
    }
}
