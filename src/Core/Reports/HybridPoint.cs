namespace CloudFreq.Core.Reports;

/// <summary>The seed-mean p_low and p_high of one model at one alpha; Has* tell a missing row from a null value.</summary>
internal readonly record struct HybridPoint(bool HasLow, double? Low, bool HasHigh, double? High)
{
    /// <summary>p_low - p_high, or null when either is missing or undefined.</summary>
    public double? Difference => Low is { } low && High is { } high ? low - high : null;
}
