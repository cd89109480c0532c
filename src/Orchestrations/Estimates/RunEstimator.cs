using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// The dry run: plans a prepared run as a real run would, counts each item's model passes and transforms,
/// times every model that has work left (<see cref="ModelCalibrator"/>) and every transform family the
/// pending items use (<see cref="TransformCalibrator"/>), and turns the counts into an estimated time.
/// Writes nothing anywhere.
/// </summary>
public sealed class RunEstimator(RunPlanner planner, ModelCalibrator calibrator, TransformCalibrator transforms, ScoringOptions scoring)
{
    /// <param name="stored">Ids of items whose results are already stored (a resumed run skips them); empty for a fresh run.</param>
    /// <param name="workers">Workers like this machine the pending items are spread over for <see cref="RunEstimate.WallSeconds"/>.</param>
    public async Task<RunEstimate> EstimateAsync(
        PreparedRun run,
        Func<IReadOnlyList<WorkItem>, CancellationToken, Task<IReadOnlySet<string>>> stored,
        int workers = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var items = planner.Plan(run);
        var done = await stored(items, cancellationToken).ConfigureAwait(false);
        var pending = items.Where(i => !done.Contains(i.Id)).ToList();

        // Forward timing first: it gives each model's class count, which the passes of APGD-T depend on.
        var busy = pending.Select(i => i.ModelIndex).ToHashSet();
        var forward = new ModelCalibration?[run.Models.Count];
        foreach (var m in busy.Order())
        {
            forward[m] = calibrator.Calibrate(run.Models[m], gradients: false, cancellationToken);
        }

        var classCounts = forward.Select(c => c?.ClassCount ?? 0).ToArray();
        var lines = RunCostCounter.Count(run, items, done, classCounts);
        var calibrations = new List<ModelCalibration>();
        foreach (var m in busy.Order())
        {
            var needsGradients = lines.Any(l => l.Model == run.Models[m].Name && l.Passes.Backward > 0);
            var calibration = needsGradients ? calibrator.Calibrate(run.Models[m], gradients: true, cancellationToken) : forward[m]!;

            // Attacks skip what the model gets wrong: learn that share on the data when the plan attacks.
            var attacked = lines.FirstOrDefault(l => l.Model == run.Models[m].Name && l.PendingItems > 0 && !l.AttackPasses.IsZero);
            if (attacked is not null && calibration.ForwardImagesPerSecond is not null)
            {
                calibration = calibration with { SampleAccuracy = calibrator.SampleAccuracy(run.Models[m], DatasetOf(run, attacked), cancellationToken) };
            }

            calibrations.Add(calibration);
        }

        // Every family the pending items use, timed together (they share one warm-up).
        transforms.Calibrate(
            lines.Where(l => l.PendingItems > 0).SelectMany(l => l.Transforms.Select(t => (t.Family, DatasetOf(run, l)))),
            cancellationToken);
        var timed = lines.Select(l => Time(l, run, calibrations, cancellationToken)).ToList();
        var setup = calibrations.Sum(c => c.SetupSeconds);
        double? modelSeconds = timed.Any(l => l.ModelSeconds is null) || calibrations.Any(c => c.ForwardImagesPerSecond is null)
            ? null
            : timed.Sum(l => l.ModelSeconds!.Value);
        double? transformSeconds = timed.Any(l => l.TransformSeconds is null) ? null : timed.Sum(l => l.TransformSeconds!.Value);
        var total = modelSeconds + transformSeconds + setup;

        // The items of a line are nearly equal (the last may be short): each gets the line's mean.
        var itemSeconds = timed
            .Where(l => l.PendingItems > 0)
            .SelectMany(l => Enumerable.Repeat((l.TotalSeconds ?? 0) / l.PendingItems, l.PendingItems));
        return new RunEstimate(
            timed,
            calibrations,
            [.. transforms.Calibrations],
            scoring.Provider.ToString(),
            scoring.IntraOpThreads,
            Environment.ProcessorCount,
            items.Count,
            pending.Count,
            timed.Sum(l => l.Images),
            timed.Aggregate(PassCount.Zero, (sum, l) => sum + l.Passes),
            timed.Any(l => l.UpperBound && !l.Passes.IsZero),
            modelSeconds,
            transformSeconds,
            setup,
            total,
            workers,
            total is null ? null : WorkerSchedule.WallSeconds(itemSeconds, workers, setup));
    }

    // A line's model time at its model's rates and transform time at each family's rate on its dataset.
    private AnalysisEstimate Time(AnalysisEstimate line, PreparedRun run, IReadOnlyList<ModelCalibration> calibrations, CancellationToken cancellationToken)
    {
        if (line.PendingItems == 0)
        {
            return line with { ModelSeconds = 0, TransformSeconds = 0 };
        }

        var model = calibrations.First(c => c.Model == line.Model).ExpectedSeconds(line.Passes, line.AttackPasses);
        var dataset = DatasetOf(run, line);
        double? seconds = 0;
        foreach (var count in line.Transforms)
        {
            seconds += transforms.Calibrate(count.Family, dataset, cancellationToken).Seconds(count.Count);
        }

        return line with { ModelSeconds = model, TransformSeconds = seconds };
    }

    private static Core.Data.IImageDataset DatasetOf(PreparedRun run, AnalysisEstimate line) => run.Datasets.First(d => d.Name == line.Dataset).Dataset;
}
