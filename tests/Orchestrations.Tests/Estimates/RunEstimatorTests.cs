using CloudFreq.Core;
using CloudFreq.Core.Data;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Adapters.Local;
using CloudFreq.Orchestrations.Estimates;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Runs;

namespace CloudFreq.Orchestrations.Tests.Estimates;

/// <summary>The dry run (<see cref="LocalRun.EstimateAsync"/>): the real plan, passes, calibration, and nothing written.</summary>
public sealed class RunEstimatorTests : IDisposable
{
    private static readonly string Data = Path.Combine(SharedData.RepositoryRoot, "samples", "fashion-mnist");
    private static readonly string Model = Path.Combine(SharedData.RepositoryRoot, "samples", "models", "fmnist_standard.onnx");
    private static readonly CalibrationOptions Quick = new()
    {
        Duration = TimeSpan.FromMilliseconds(50),
        TransformDuration = TimeSpan.FromMilliseconds(20),
        TransformWarmup = TimeSpan.FromMilliseconds(20),
        TransformWarmupLimit = TimeSpan.FromMilliseconds(100),
    };
    private readonly string _suite = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");
    private readonly RunHarness _harness = new();

    public void Dispose()
    {
        File.Delete(_suite);
        _harness.Dispose();
    }

    [Fact]
    public async Task EstimateAsync_FreshFolder_CountsEveryItemAndNeverCreatesTheFolder()
    {
        var outDir = Path.Combine(_harness.OutDir, "never-created");
        await File.WriteAllTextAsync(_suite, """{ "analyses": [ { "name": "clean" }, { "name": "corruptions", "corruptions": ["contrast"], "severities": [1, 2, 3] } ] }""");

        var estimate = await EstimateAsync(Spec(40, 16), outDir, Quick);

        Assert.False(Directory.Exists(outDir));
        Assert.Equal(6, estimate.TotalItems);
        Assert.Equal(6, estimate.PendingItems);
        var clean = estimate.Lines.Single(l => l.Analysis == "clean");
        var corruptions = estimate.Lines.Single(l => l.Analysis == "corruptions");
        Assert.Equal((3, 40L, new PassCount(40, 0)), (clean.Items, clean.Images, clean.Passes));
        Assert.Equal(new PassCount(40 * (1 + 3), 0), corruptions.Passes);
        Assert.Equal(new PassCount(200, 0), estimate.Passes);
        Assert.False(estimate.UpperBound);

        // No gradient work: the gradient model is never built or timed.
        var calibration = Assert.Single(estimate.Calibrations);
        Assert.Equal((64, 10), (calibration.BatchSize, calibration.ClassCount));
        Assert.True(calibration.ForwardImagesPerSecond > 0);
        Assert.Null(calibration.GradientImagesPerSecond);
        Assert.Equal(corruptions.Passes.Forward / calibration.ForwardImagesPerSecond!.Value, corruptions.ModelSeconds!.Value, 9);
        Assert.Equal(estimate.Lines.Sum(l => l.TotalSeconds!.Value) + calibration.SetupSeconds, estimate.TotalSeconds!.Value, 9);
    }

    [Fact]
    public async Task EstimateAsync_Transforms_AddTheirCountsAtTheCalibratedRates()
    {
        await File.WriteAllTextAsync(_suite, """{ "analyses": [ { "name": "clean" }, { "name": "corruptions", "corruptions": ["contrast", "fog"], "severities": [1, 2, 3] } ] }""");

        var estimate = await EstimateAsync(Spec(40, 16), Path.Combine(_harness.OutDir, "out"), Quick);

        // Each family timed once, however many lines and items use it: decoding on the dataset's own files.
        Assert.Equal(["contrast (severity 1,2,3)", "decode", "fog (severity 1,2,3)"], estimate.TransformCalibrations.Select(c => c.Family).Order(StringComparer.Ordinal));
        Assert.Equal("fashion-mnist", estimate.TransformCalibrations.Single(c => c.Family == "decode").Dataset);
        var rate = estimate.TransformCalibrations.ToDictionary(c => c.Family, c => c.TransformsPerSecond!.Value);
        Assert.All(rate.Values, r => Assert.True(r > 0));

        var corruptions = estimate.Lines.Single(l => l.Analysis == "corruptions");
        Assert.Equal(
            [("contrast (severity 1,2,3)", 40L * 3), ("decode", 40L), ("fog (severity 1,2,3)", 40L * 3)],
            corruptions.Transforms.Select(t => (t.Name, t.Count)).OrderBy(t => t.Name, StringComparer.Ordinal));
        Assert.Equal((40 / rate["decode"]) + (120 / rate["contrast (severity 1,2,3)"]) + (120 / rate["fog (severity 1,2,3)"]), corruptions.TransformSeconds!.Value, 9);

        var clean = estimate.Lines.Single(l => l.Analysis == "clean");
        Assert.Equal(40 / rate["decode"], clean.TransformSeconds!.Value, 9);
        Assert.Equal(clean.TransformSeconds!.Value + corruptions.TransformSeconds.Value, estimate.TransformSeconds!.Value, 9);
        Assert.Equal(estimate.ModelSeconds!.Value + estimate.TransformSeconds!.Value + estimate.SetupSeconds, estimate.TotalSeconds!.Value, 9);
    }

    [Fact]
    public async Task EstimateAsync_Workers_SpreadWholeItemsOverThem()
    {
        await File.WriteAllTextAsync(_suite, """{ "analyses": [ { "name": "corruptions", "corruptions": ["contrast"], "severities": [1] } ] }""");

        using var run = _harness.Prepare(Spec(40, 10));
        var one = await LocalRun.EstimateAsync(run, Path.Combine(_harness.OutDir, "out"), _harness.Settings, Quick, overwrite: false, workers: 1);
        var two = await LocalRun.EstimateAsync(run, Path.Combine(_harness.OutDir, "out"), _harness.Settings, Quick, overwrite: false, workers: 2);
        var many = await LocalRun.EstimateAsync(run, Path.Combine(_harness.OutDir, "out"), _harness.Settings, Quick, overwrite: false, workers: 9);

        // 4 equal items: 2 each on 2 workers, 1 each on 9 (the others idle); every worker pays the setup.
        Assert.Equal(one.TotalSeconds!.Value, one.WallSeconds!.Value, 9);
        var work = two.TotalSeconds!.Value - two.SetupSeconds;
        Assert.Equal((work / 2) + two.SetupSeconds, two.WallSeconds!.Value, 9);
        Assert.Equal(((many.TotalSeconds!.Value - many.SetupSeconds) / 4) + many.SetupSeconds, many.WallSeconds!.Value, 9);
        Assert.Equal((1, 2, 9), (one.Workers, two.Workers, many.Workers));
    }

    [Fact]
    public async Task EstimateAsync_Attacks_AreUpperBoundsTimedWithGradients()
    {
        await File.WriteAllTextAsync(_suite, """{ "analyses": [ { "name": "attack", "attacks": ["fgsm", "apgd-t"], "linf": [0.1], "l2": [], "apgd_iterations": 4, "apgd_targets": 20 } ] }""");

        var estimate = await EstimateAsync(Spec(30, 1000), Path.Combine(_harness.OutDir, "out"), Quick);

        var line = Assert.Single(estimate.Lines);
        // Per image: the clean check; fgsm 1 + 1; apgd-t 2 + (10 - 1 classes) x (4 + 1): the class count caps the targets.
        Assert.Equal(new PassCount(30 * (1 + 1 + 2), 30 * (1 + (9 * 5))), line.Passes);
        Assert.True(line.UpperBound && estimate.UpperBound);
        var calibration = Assert.Single(estimate.Calibrations);
        Assert.True(calibration.GradientImagesPerSecond > 0);

        // The time counts only the images the model classifies correctly, measured on a sample of the data.
        Assert.Equal(new PassCount(30 * (1 + 2), 30 * (1 + (9 * 5))), line.AttackPasses);
        Assert.InRange(calibration.SampleAccuracy!.Value, 0.5, 1.0);
        Assert.Equal(calibration.ExpectedSeconds(line.Passes, line.AttackPasses)!.Value, line.ModelSeconds!.Value, 9);
        Assert.True(line.ModelSeconds < calibration.Seconds(line.Passes));
    }

    [Fact]
    public async Task EstimateAsync_FolderOfAFinishedRun_CountsItsItemsAsResumedAndChangesNothing()
    {
        var spec = Spec(40, 16) with { Suite = "clean" };
        await _harness.RunAsync(spec);
        var before = Snapshot(_harness.OutDir);

        var estimate = await EstimateAsync(spec, _harness.OutDir, Quick);

        Assert.Equal((3, 0), (estimate.TotalItems, estimate.PendingItems));
        Assert.Equal((3, 3, 0L), (estimate.Lines[0].Items, estimate.Lines[0].ResumedItems, estimate.Lines[0].Images));
        Assert.Empty(estimate.Calibrations); // nothing left to run, nothing timed
        Assert.Equal(before, Snapshot(_harness.OutDir));
    }

    [Fact]
    public async Task EstimateAsync_FolderOfAnotherRun_FailsAsTheRunWould_UnlessOverwriting()
    {
        await _harness.RunAsync(Spec(40, 16) with { Suite = "clean" });
        var other = Spec(30, 16) with { Suite = "clean" };

        var dry = await Assert.ThrowsAsync<CloudFreqException>(() => EstimateAsync(other, _harness.OutDir, Quick));
        var real = await Assert.ThrowsAsync<CloudFreqException>(() => _harness.RunAsync(other));
        var overwriting = await EstimateAsync(other, _harness.OutDir, Quick, overwrite: true);

        Assert.Equal(real.Message, dry.Message);
        Assert.Contains("--overwrite", dry.Message, StringComparison.Ordinal);
        Assert.Equal(2, overwriting.PendingItems);
    }

    [Fact]
    public async Task EstimateAsync_NoTiming_CountsPassesButGivesNoTime()
    {
        var estimate = await EstimateAsync(Spec(20, 1000) with { Suite = "clean" }, Path.Combine(_harness.OutDir, "out"), new CalibrationOptions { Duration = TimeSpan.Zero, TransformDuration = TimeSpan.Zero });

        Assert.Equal(new PassCount(20, 0), estimate.Passes);
        Assert.Null(estimate.Lines[0].ModelSeconds);
        Assert.Null(estimate.Lines[0].TotalSeconds);
        Assert.Null(estimate.TotalSeconds);
        Assert.Null(estimate.WallSeconds);
        Assert.Null(Assert.Single(estimate.Calibrations).ForwardImagesPerSecond);
    }

    private RunSpec Spec(int limit, int itemSize) =>
        RunHarness.Spec(Data, new DatasetOptions { Limit = limit }, itemSize, Model) with { Suite = _suite };

    private async Task<RunEstimate> EstimateAsync(RunSpec spec, string outDir, CalibrationOptions calibration, bool overwrite = false)
    {
        using var run = _harness.Prepare(spec);
        return await LocalRun.EstimateAsync(run, outDir, _harness.Settings, calibration, overwrite);
    }

    private static string[] Snapshot(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => $"{p} {File.GetLastWriteTimeUtc(p).Ticks} {(File.Exists(p) ? new FileInfo(p).Length : -1)}")];
}
