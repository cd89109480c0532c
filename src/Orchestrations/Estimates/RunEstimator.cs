using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// The dry run: plans a prepared run as a real run would, counts each item's model passes, times every
/// model that has work left (<see cref="ModelCalibrator"/>) and turns passes into an estimated time.
/// Writes nothing anywhere.
/// </summary>
public sealed class RunEstimator(RunPlanner planner, ModelCalibrator calibrator, ScoringOptions scoring)
{
    /// <param name="stored">Ids of items whose results are already stored (a resumed run skips them); empty for a fresh run.</param>
    public async Task<RunEstimate> EstimateAsync(
        PreparedRun run,
        Func<IReadOnlyList<WorkItem>, CancellationToken, Task<IReadOnlySet<string>>> stored,
        CancellationToken cancellationToken = default)
    {
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
            calibrations.Add(needsGradients ? calibrator.Calibrate(run.Models[m], gradients: true, cancellationToken) : forward[m]!);
        }

        var timed = lines
            .Select(l => calibrations.FirstOrDefault(c => c.Model == l.Model) is { } c ? l with { Seconds = c.Seconds(l.Passes) } : l with { Seconds = 0 })
            .ToList();
        double? total = timed.Any(l => l.Seconds is null) || calibrations.Any(c => c.ForwardImagesPerSecond is null)
            ? null
            : timed.Sum(l => l.Seconds!.Value) + calibrations.Sum(c => c.SetupSeconds);
        return new RunEstimate(
            timed,
            calibrations,
            scoring.Provider.ToString(),
            scoring.IntraOpThreads,
            Environment.ProcessorCount,
            items.Count,
            pending.Count,
            timed.Sum(l => l.Images),
            timed.Aggregate(PassCount.Zero, (sum, l) => sum + l.Passes),
            timed.Any(l => l.UpperBound && !l.Passes.IsZero),
            total);
    }
}
