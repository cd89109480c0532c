namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the hybrid-image analysis.</summary>
/// <param name="Images">Use at most this many images of each dataset (each is A once and B once per seed).</param>
/// <param name="Seeds">Pairing seeds (the study: 0..5).</param>
/// <param name="Alphas">Mixing frequencies as fractions of Nyquist.</param>
public sealed record HybridOptions(int Images, IReadOnlyList<int> Seeds, IReadOnlyList<double> Alphas)
{
    /// <summary>The study's grid: 0, 3, 4, 5, 6, 8, 9, 11, 13, 15, 17, 19, 22, 27, 33, 42, 57, 100 percent of Nyquist.</summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } =
        [.. new[] { 0, 3, 4, 5, 6, 8, 9, 11, 13, 15, 17, 19, 22, 27, 33, 42, 57, 100 }.Select(p => p / 100.0)];

    public static IReadOnlyList<int> DefaultSeeds { get; } = [0, 1, 2, 3, 4, 5];

    public static HybridOptions Default { get; } = new(int.MaxValue, DefaultSeeds, DefaultAlphas);

    public static HybridOptions From(AnalysisParameters parameters)
    {
        var options = new HybridOptions(
            parameters.GetInt("images", int.MaxValue, min: 2),
            [.. parameters.GetInts("seeds", DefaultSeeds, min: 0).Distinct().Order()],
            [.. parameters.GetDoubles("alphas", DefaultAlphas, 0, 1.5).Distinct().Order()]);
        parameters.RejectUnknown();
        return options;
    }
}
