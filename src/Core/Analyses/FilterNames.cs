using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Analyses;

/// <summary>The names filters and shapes have in suites and result conditions.</summary>
public static class FilterNames
{
    public static IReadOnlyDictionary<string, FilterKind> Kinds { get; } = new Dictionary<string, FilterKind>(StringComparer.Ordinal)
    {
        ["lowpass"] = FilterKind.LowPass,
        ["highpass"] = FilterKind.HighPass,
    };

    public static IReadOnlyDictionary<string, FilterShape> Shapes { get; } = new Dictionary<string, FilterShape>(StringComparer.Ordinal)
    {
        ["ideal"] = FilterShape.Ideal,
        ["gaussian"] = FilterShape.Gaussian,
        ["butterworth"] = FilterShape.Butterworth,
    };

    public static string Of(FilterKind kind) => kind == FilterKind.LowPass ? "lowpass" : "highpass";

    public static string Of(FilterShape shape) => shape.ToString().ToLowerInvariant();
}
