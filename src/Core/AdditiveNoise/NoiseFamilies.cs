namespace CloudFreq.Core.AdditiveNoise;

/// <summary>The families' names in suites and result conditions, and their default level grids.</summary>
public static class NoiseFamilies
{
    public const string GaussianName = "gaussian";
    public const string UniformName = "uniform";
    public const string SaltPepperName = "salt-pepper";

    /// <summary>Every family, in the order results and figures list them.</summary>
    public static IReadOnlyList<NoiseFamily> All { get; } = [NoiseFamily.Gaussian, NoiseFamily.Uniform, NoiseFamily.SaltPepper];

    public static IReadOnlyDictionary<string, NoiseFamily> ByName { get; } = new Dictionary<string, NoiseFamily>(StringComparer.Ordinal)
    {
        [GaussianName] = NoiseFamily.Gaussian,
        [UniformName] = NoiseFamily.Uniform,
        [SaltPepperName] = NoiseFamily.SaltPepper,
    };

    public static string Of(NoiseFamily family) => family switch
    {
        NoiseFamily.Gaussian => GaussianName,
        NoiseFamily.Uniform => UniformName,
        NoiseFamily.SaltPepper => SaltPepperName,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    /// <summary>
    /// DESIGN.md's grids: sigma for gaussian, model-vs-human's half-widths for uniform, densities for
    /// salt-and-pepper. Each starts at 0, the clean images, so every curve starts at clean accuracy.
    /// </summary>
    public static IReadOnlyList<double> DefaultLevels(NoiseFamily family) => family switch
    {
        NoiseFamily.Gaussian => [0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3],
        NoiseFamily.Uniform => [0, 0.03, 0.05, 0.1, 0.2, 0.35, 0.6, 0.9],
        NoiseFamily.SaltPepper => [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5],
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, null),
    };

    /// <summary>The largest meaningful level: a density is a probability; sigma and w are capped where the [0,1] clip makes more pointless.</summary>
    public static double MaxLevel(NoiseFamily family) => family == NoiseFamily.SaltPepper ? 1 : 10;
}
