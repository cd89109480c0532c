using CloudFreq.Core.Costs;
using CloudFreq.Core.Data;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// Times transform families (decoding, FFT filters and hybrids, each corruption) the way the analyses run
/// them: batches on every core, each family for at most <see cref="CalibrationOptions.TransformDuration"/>.
/// Each family is timed once per image size (per dataset when it reads the files), however many analyses,
/// models and items use it.
/// </summary>
/// <remarks>
/// Before any timing, every family runs in turn: at least <see cref="CalibrationOptions.TransformWarmupRounds"/>
/// batches and <see cref="CalibrationOptions.TransformWarmup"/>, and on while some family still gets faster,
/// up to <see cref="CalibrationOptions.TransformWarmupLimit"/>. .NET first runs new code unoptimized and swaps
/// in optimized code in the background after enough calls, which a run of thousands of images gets early but
/// a quarter-second timing would not (zoom blur timed 10x slow after a fixed one-second warm-up on a loaded
/// machine). Warming the families together pays that wait once for all of them rather than once each.
/// </remarks>
public sealed class TransformCalibrator(CalibrationOptions options, TimeProvider? clock = null)
{
    // A batch this much faster than the family's best so far means optimized code just arrived: keep warming.
    private const double WarmupGain = 1.25;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<(string Family, string Key), TransformCalibration> _measured = [];

    /// <summary>Every calibration made so far, in the order made.</summary>
    public IReadOnlyCollection<TransformCalibration> Calibrations => _measured.Values;

    /// <summary>Times the families of <paramref name="needed"/> not timed before (on each one's dataset).</summary>
    public void Calibrate(IEnumerable<(ITransformFamily Family, IImageDataset Dataset)> needed, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var fresh = needed
            .Select(n => (n.Family, n.Dataset, Key: Key(n.Family, n.Dataset)))
            .Where(n => !_measured.ContainsKey(n.Key))
            .DistinctBy(n => n.Key)
            .ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        if (options.TransformDuration == TimeSpan.Zero)
        {
            foreach (var (family, dataset, key) in fresh)
            {
                _measured[key] = Calibration(family, dataset, null);
            }

            return;
        }

        var probes = fresh.Select(n => n.Family.CreateProbe(new TransformProbeContext(n.Dataset, options.TransformBatchSize, options.Seed))).ToList();
        WarmUp(probes, cancellationToken);
        for (var i = 0; i < fresh.Count; i++)
        {
            var probe = probes[i];
            var rate = CalibrationTimer.Rate(_clock, options.TransformDuration, options.MinBatches, options.MaxBatches, () => probe.Run(cancellationToken), cancellationToken);
            _measured[fresh[i].Key] = Calibration(fresh[i].Family, fresh[i].Dataset, rate);
        }
    }

    /// <summary>The calibration of <paramref name="family"/> on <paramref name="dataset"/>, timing it first when needed.</summary>
    public TransformCalibration Calibrate(ITransformFamily family, IImageDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(dataset);
        Calibrate([(family, dataset)], cancellationToken);
        return _measured[Key(family, dataset)];
    }

    // Rounds of one batch per family until the minimum time and rounds are spent and no family got faster
    // in the last two rounds (optimized code in place), or until the limit: under load the JIT's background
    // thread can take seconds to swap in the optimized code of slow families such as zoom blur.
    private void WarmUp(IReadOnlyList<ITransformProbe> probes, CancellationToken cancellationToken)
    {
        var best = new double[probes.Count];
        var started = _clock.GetTimestamp();
        var steadyRounds = 0;
        for (var round = 1; ; round++)
        {
            var faster = false;
            for (var i = 0; i < probes.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batchStarted = _clock.GetTimestamp();
                var rate = probes[i].Run(cancellationToken) / Math.Max(_clock.GetElapsedTime(batchStarted).TotalSeconds, 1e-9);
                faster |= round > 1 && rate > best[i] * WarmupGain;
                best[i] = Math.Max(best[i], rate);
            }

            steadyRounds = faster ? 0 : steadyRounds + 1;
            var elapsed = _clock.GetElapsedTime(started);
            if (elapsed >= options.TransformWarmupLimit
                || (round >= options.TransformWarmupRounds && elapsed >= options.TransformWarmup && steadyRounds >= 2))
            {
                return;
            }
        }
    }

    private static (string, string) Key(ITransformFamily family, IImageDataset dataset) =>
        (family.Name, family.ReadsDataset ? dataset.Source : dataset.Shape.ToString());

    private static TransformCalibration Calibration(ITransformFamily family, IImageDataset dataset, double? rate) =>
        new(family.Name, dataset.Shape.ToString(), family.ReadsDataset ? dataset.Name : null, rate);
}
