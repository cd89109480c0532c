using CloudFreq.Core.Costs;

namespace CloudFreq.Orchestrations.Tests.Estimates.Fakes;

/// <summary>
/// A transform family whose batch "takes" a known time: it advances <paramref name="clock"/> by
/// <paramref name="perBatch"/> (or, without a clock, sleeps that long) and reports the probe batch as done.
/// Its first <paramref name="coldBatches"/> batches take 4 times as long, as unoptimized code does.
/// </summary>
internal sealed class FakeTransformFamily(string name, TimeSpan perBatch, ManualClock? clock = null, bool readsDataset = false, int coldBatches = 0) : ITransformFamily
{
    public string Name => name;

    public bool ReadsDataset => readsDataset;

    /// <summary>Probes made: one per calibration that really timed the family.</summary>
    public int ProbesCreated { get; private set; }

    /// <summary>Batches run, warm-up included.</summary>
    public int Batches { get; private set; }

    public TimeSpan PerBatch => Batches <= coldBatches ? perBatch * 4 : perBatch;

    public ManualClock? Clock => clock;

    public ITransformProbe CreateProbe(TransformProbeContext context)
    {
        ProbesCreated++;
        return new Probe(this, context.BatchSize);
    }

    private sealed class Probe(FakeTransformFamily family, int batch) : ITransformProbe
    {
        public int Run(CancellationToken cancellationToken)
        {
            family.Batches++;
            if (family.Clock is { } clock)
            {
                clock.Advance(family.PerBatch);
            }
            else
            {
                Thread.Sleep(family.PerBatch);
            }

            return batch;
        }
    }
}
