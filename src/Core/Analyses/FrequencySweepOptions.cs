using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the frequency sweep.</summary>
/// <param name="Images">Use at most this many images of each dataset.</param>
/// <param name="Cutoffs">Cutoffs as fractions of Nyquist.</param>
public sealed record FrequencySweepOptions(
    int Images,
    IReadOnlyList<double> Cutoffs,
    IReadOnlyList<FilterKind> Filters,
    IReadOnlyList<FilterShape> Shapes)
{
    /// <summary>20 cutoffs from 0.02 to 1.0, geometrically spaced (low frequencies need the finer steps), 4 decimals.</summary>
    public static IReadOnlyList<double> DefaultCutoffs { get; } =
        [.. Enumerable.Range(0, 20).Select(k => Math.Round(0.02 * Math.Pow(50, k / 19.0), 4))];

    public static FrequencySweepOptions Default { get; } =
        new(int.MaxValue, DefaultCutoffs, [FilterKind.LowPass, FilterKind.HighPass], [FilterShape.Ideal, FilterShape.Gaussian]);

    public static FrequencySweepOptions From(AnalysisParameters parameters)
    {
        var options = new FrequencySweepOptions(
            parameters.GetInt("images", int.MaxValue, min: 1),
            [.. parameters.GetDoubles("cutoffs", DefaultCutoffs, 0, 1.5).Distinct().Order()],
            [.. parameters.GetStrings("filters", ["lowpass", "highpass"], [.. FilterNames.Kinds.Keys]).Distinct().Select(n => FilterNames.Kinds[n])],
            [.. parameters.GetStrings("shapes", ["ideal", "gaussian"], [.. FilterNames.Shapes.Keys]).Distinct().Select(n => FilterNames.Shapes[n])]);
        parameters.RejectUnknown();
        return options;
    }
}
