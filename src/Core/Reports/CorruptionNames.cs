using System.Collections.Immutable;

namespace CloudFreq.Core.Reports;

/// <summary>
/// The corruptions of the corruptions analysis in report order (DESIGN.md section 4): the 15 benchmark
/// corruptions in the benchmark's order (noise, blur, weather, digital), then the 4 extra, and the
/// study's frequency groups of the benchmark ones.
/// </summary>
internal static class CorruptionNames
{
    public const string LowGroup = "low";
    public const string MediumGroup = "medium";
    public const string HighGroup = "high";
    public const string ExtraGroup = "extra";

    public static readonly ImmutableArray<string> Benchmark =
    [
        "gaussian_noise", "shot_noise", "impulse_noise",
        "defocus_blur", "glass_blur", "motion_blur", "zoom_blur",
        "snow", "frost", "fog", "brightness",
        "contrast", "elastic_transform", "pixelate", "jpeg_compression",
    ];

    public static readonly ImmutableArray<string> Extra = ["speckle_noise", "gaussian_blur", "spatter", "saturate"];

    /// <summary>The frequency groups the group chart shows, low to high, with their members.</summary>
    public static readonly ImmutableArray<(string Group, ImmutableArray<string> Members)> FrequencyGroups =
    [
        (LowGroup, ["snow", "frost", "fog", "brightness", "contrast"]),
        (MediumGroup, ["motion_blur", "zoom_blur", "defocus_blur", "glass_blur", "elastic_transform", "jpeg_compression", "pixelate"]),
        (HighGroup, ["gaussian_noise", "shot_noise", "impulse_noise"]),
    ];

    /// <summary>Every group a <c>group=</c> row may name, in table order.</summary>
    public static readonly ImmutableArray<string> Groups = [LowGroup, MediumGroup, HighGroup, ExtraGroup];

    /// <summary>Sort key: benchmark corruptions first, then the extra ones, then unknown names (kept in first-seen order by a stable sort).</summary>
    public static int Rank(string corruption)
    {
        var benchmark = Benchmark.IndexOf(corruption);
        if (benchmark >= 0)
        {
            return benchmark;
        }

        var extra = Extra.IndexOf(corruption);
        return extra >= 0 ? Benchmark.Length + extra : Benchmark.Length + Extra.Length;
    }

    public static bool IsBenchmark(string corruption) => Benchmark.Contains(corruption);
}
