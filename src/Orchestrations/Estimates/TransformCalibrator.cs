using CloudFreq.Core.Costs;
using CloudFreq.Core.Data;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// Times transform families (decoding, FFT filters and hybrids, each corruption) the way the analyses run
/// them: one warm-up batch, then batches on every core for at most <see cref="CalibrationOptions.TransformDuration"/>.
/// Each family is timed once per image size (per dataset when it reads the files), however many analyses,
/// models and items use it.
/// </summary>
public sealed class TransformCalibrator(CalibrationOptions options, TimeProvider? clock = null)
{
    private readonly Dictionary<(string Family, string Key), TransformCalibration> _measured = [];

    /// <summary>Every calibration made so far, in the order made.</summary>
    public IReadOnlyCollection<TransformCalibration> Calibrations => _measured.Values;

    public TransformCalibration Calibrate(ITransformFamily family, IImageDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(dataset);
        var key = (family.Name, family.ReadsDataset ? dataset.Source : dataset.Shape.ToString());
        if (_measured.TryGetValue(key, out var known))
        {
            return known;
        }

        options.Validate();
        double? rate = null;
        if (options.TransformDuration > TimeSpan.Zero)
        {
            var probe = family.CreateProbe(new TransformProbeContext(dataset, options.TransformBatchSize, options.Seed));

            // The first batch pays for JIT, plans and buffers: a run pays it once, so it is not timed.
            probe.Run(cancellationToken);
            rate = CalibrationTimer.Rate(clock ?? TimeProvider.System, options.TransformDuration, options.MinBatches, options.MaxBatches, () => probe.Run(cancellationToken), cancellationToken);
        }

        var calibration = new TransformCalibration(family.Name, dataset.Shape.ToString(), family.ReadsDataset ? dataset.Name : null, rate);
        _measured[key] = calibration;
        return calibration;
    }
}
