using System.Text.Json;
using CloudFreq.Core.AdditiveNoise;

namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the noise sweep.</summary>
/// <param name="Images">Use at most this many images of each dataset.</param>
/// <param name="Families">The families in <see cref="NoiseFamilies.All"/> order, each with its ascending levels.</param>
/// <param name="Grayscale">Convert to grayscale before adding the noise.</param>
/// <param name="Contrast">Contrast level applied before the noise (1: none; model-vs-human uses 0.3).</param>
/// <param name="Quantize">Truncate noisy images to uint8 levels, as the corruptions do.</param>
public sealed record NoiseSweepOptions(
    int Images,
    IReadOnlyList<NoiseSweepFamily> Families,
    bool Grayscale,
    double Contrast,
    bool Quantize)
{
    public static NoiseSweepOptions Default { get; } = new(
        int.MaxValue,
        [.. NoiseFamilies.All.Select(f => new NoiseSweepFamily(f, NoiseFamilies.DefaultLevels(f)))],
        Grayscale: false,
        Contrast: 1,
        Quantize: true);

    /// <summary>Reads <c>images</c>, <c>families</c>, <c>levels</c> (an object of level arrays by family), <c>grayscale</c>, <c>contrast</c> and <c>quantize</c>.</summary>
    public static NoiseSweepOptions From(AnalysisParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = NoiseFamilies.All.Select(NoiseFamilies.Of).ToArray();
        var families = parameters.GetStrings("families", names, names).Distinct().Select(n => NoiseFamilies.ByName[n]).Order().ToList();
        var levels = ReadLevels(parameters, names);
        foreach (var family in levels.Keys.Where(f => !families.Contains(f)))
        {
            throw new CloudFreqException($"{parameters.Where}: levels.{NoiseFamilies.Of(family)}: the family is not in 'families'.");
        }

        var options = new NoiseSweepOptions(
            parameters.GetInt("images", int.MaxValue, min: 1),
            [.. families.Select(f => new NoiseSweepFamily(f, levels.TryGetValue(f, out var given) ? given : NoiseFamilies.DefaultLevels(f)))],
            parameters.GetBool("grayscale", false),
            parameters.GetDouble("contrast", 1, 0.001, 1),
            parameters.GetBool("quantize", true));
        parameters.RejectUnknown();
        return options;
    }

    private static Dictionary<NoiseFamily, IReadOnlyList<double>> ReadLevels(AnalysisParameters parameters, string[] names)
    {
        var result = new Dictionary<NoiseFamily, IReadOnlyList<double>>();
        if (!parameters.TryGetElement("levels", out var levels))
        {
            return result;
        }

        if (levels.ValueKind != JsonValueKind.Object)
        {
            throw new CloudFreqException($"{parameters.Where}: field 'levels' must be an object of level arrays by family ({string.Join(", ", names)}).");
        }

        foreach (var property in levels.EnumerateObject())
        {
            if (!NoiseFamilies.ByName.TryGetValue(property.Name, out var family))
            {
                throw new CloudFreqException($"{parameters.Where}: levels.{property.Name}: unknown noise family; known: {string.Join(", ", names)}.");
            }

            var max = NoiseFamilies.MaxLevel(family);
            if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() == 0
                || property.Value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || e.GetDouble() < 0 || e.GetDouble() > max))
            {
                throw new CloudFreqException($"{parameters.Where}: levels.{property.Name} must be a non-empty array of numbers in [0, {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}].");
            }

            // Ascending and distinct: level_half interpolates along the level axis.
            if (!result.TryAdd(family, [.. property.Value.EnumerateArray().Select(e => e.GetDouble()).Distinct().Order()]))
            {
                throw new CloudFreqException($"{parameters.Where}: levels.{property.Name}: given twice.");
            }
        }

        return result;
    }
}
