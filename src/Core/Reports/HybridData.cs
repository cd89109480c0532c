namespace CloudFreq.Core.Reports;

/// <summary>The hybrid rows of one dataset that the figures use, by model.</summary>
internal sealed class HybridData
{
    /// <summary>Seed-mean p_low and p_high by alpha.</summary>
    public Dictionary<string, SortedDictionary<double, HybridPoint>> Curves { get; } = new(StringComparer.Ordinal);

    /// <summary>Mean f_rev over seeds (null: never crosses) and its n.</summary>
    public Dictionary<string, (double? Value, long N)> FRev { get; } = new(StringComparer.Ordinal);

    /// <summary>Standard deviation of f_rev over seeds.</summary>
    public Dictionary<string, double?> FRevStd { get; } = new(StringComparer.Ordinal);
}
