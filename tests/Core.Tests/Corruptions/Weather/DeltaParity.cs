using CloudFreq.Core.Corruptions;

namespace CloudFreq.Core.Tests.Corruptions.Weather;

/// <summary>
/// Statistics of (corrupted - clean) in uint8 levels: the reference generators' outputs averaged
/// over their items of one preset and severity, CloudFreq's over the same items and several seeds.
/// Random corruptions cannot match pixel for pixel (numpy's generator is not ours), so these are
/// what the parity tests compare.
/// </summary>
public sealed record DeltaParity(
    double ReferenceMean, double ReferenceStd, double ReferenceChanged,
    double Mean, double Std, double Changed, int Items)
{
    public static DeltaParity Measure(ICorruption corruption, CorruptionPreset preset, int severity, int seeds)
    {
        var items = ReferenceCorruptions.Items(corruption.Name)
            .Where(i => i.PresetValue == preset && i.Severity == severity)
            .ToList();
        Assert.NotEmpty(items);
        double referenceMean = 0, referenceStd = 0, referenceChanged = 0, mean = 0, std = 0, changed = 0;
        foreach (var item in items)
        {
            var (clean, _) = ReferenceCorruptions.LoadPng(item.Clean);
            var (reference, _) = ReferenceCorruptions.LoadPng(item.File);
            var r = ReferenceCorruptions.DeltaStatistics(reference, clean);
            referenceMean += r.Mean;
            referenceStd += r.Std;
            referenceChanged += r.Changed;
            for (var seed = 0; seed < seeds; seed++)
            {
                var ours = ReferenceCorruptions.DeltaStatistics(ReferenceCorruptions.Corrupt(corruption, item, 7919 * (seed + 1)), clean);
                mean += ours.Mean / seeds;
                std += ours.Std / seeds;
                changed += ours.Changed / seeds;
            }
        }

        var n = items.Count;
        return new DeltaParity(referenceMean / n, referenceStd / n, referenceChanged / n, mean / n, std / n, changed / n, n);
    }

    public override string ToString() =>
        $"mean {Mean:F3} vs {ReferenceMean:F3}, std {Std:F3} vs {ReferenceStd:F3}, changed {Changed:P2} vs {ReferenceChanged:P2} ({Items} items)";

    /// <summary>
    /// Mean within 10% of the reference's or within <paramref name="meanTolerance"/> levels (for means
    /// too close to zero for a relative bound); standard deviation and changed share within their
    /// relative tolerances.
    /// </summary>
    public void AssertClose(double relativeStd = 0.10, double relativeChanged = 0.10, double meanTolerance = 0.5)
    {
        Assert.True(
            Within(Mean, ReferenceMean, 0.10, meanTolerance)
            && Within(Std, ReferenceStd, relativeStd, 0)
            && Within(Changed, ReferenceChanged, relativeChanged, 0),
            ToString());
    }

    private static bool Within(double value, double reference, double relative, double absolute) =>
        Math.Abs(value - reference) <= Math.Max(relative * Math.Abs(reference), absolute);
}
