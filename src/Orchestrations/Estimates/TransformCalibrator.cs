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
/// Before any timing, every family runs in turn for <see cref="CalibrationOptions.TransformWarmup"/> and at
/// least <see cref="CalibrationOptions.TransformWarmupRounds"/> batches: .NET
/// first runs new code unoptimized and swaps in optimized code in the background after enough calls, which
/// a run of thousands of images gets at once but a quarter-second timing would not (corruptions then time
/// 3-10x slow). Warming them together pays that wait once for all families rather than once per family.
/// </remarks>
public sealed class TransformCalibrator(CalibrationOptions options, TimeProvider? clock = null)
{
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
        var started = _clock.GetTimestamp();
        for (var round = 1; ; round++)
        {
            foreach (var probe in probes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                probe.Run(cancellationToken);
            }

            if (round >= options.TransformWarmupRounds && _clock.GetElapsedTime(started) >= options.TransformWarmup)
            {
                break;
            }
        }

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

    private static (string, string) Key(ITransformFamily family, IImageDataset dataset) =>
        (family.Name, family.ReadsDataset ? dataset.Source : dataset.Shape.ToString());

    private static TransformCalibration Calibration(ITransformFamily family, IImageDataset dataset, double? rate) =>
        new(family.Name, dataset.Shape.ToString(), family.ReadsDataset ? dataset.Name : null, rate);
}
