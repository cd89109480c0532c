using System.Text.Json;
using CloudFreq.Core.Corruptions;

namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the corruptions analysis.</summary>
/// <param name="Images">Use at most this many images of each dataset.</param>
/// <param name="Corruptions">Corruption names (default: all 19).</param>
/// <param name="Severities">Severities 1..5.</param>
/// <param name="Preset">A fixed preset, or null to choose from the image size (up to 64 px: CIFAR-10-C).</param>
/// <param name="Quantize">Truncate corrupted images to uint8 levels, as the benchmark files are.</param>
/// <param name="Jpeg">JPEG-encode ImageNet-C-preset images at quality 85, as the ImageNet-C files are.</param>
/// <param name="Tables">
/// Custom parameter tables by corruption name (<see cref="ITunableCorruption"/>'s JSON shape), in
/// name order; none by default.
/// </param>
/// <param name="Where">Names the analysis entry in errors about the tables.</param>
public sealed record CorruptionsOptions(
    int Images,
    IReadOnlyList<string> Corruptions,
    IReadOnlyList<int> Severities,
    CorruptionPreset? Preset,
    bool Quantize,
    bool Jpeg,
    IReadOnlyDictionary<string, JsonElement>? Tables = null,
    string Where = CorruptionsAnalysis.AnalysisName)
{
    public static IReadOnlyDictionary<string, CorruptionPreset> PresetNames { get; } = new Dictionary<string, CorruptionPreset>(StringComparer.Ordinal)
    {
        ["imagenet-c"] = CorruptionPreset.ImageNetC,
        ["cifar10-c"] = CorruptionPreset.Cifar10C,
    };

    public static CorruptionsOptions From(AnalysisParameters parameters, IReadOnlyList<string> known)
    {
        var preset = parameters.GetStrings("preset", ["auto"], [.. PresetNames.Keys, "auto"]);
        if (preset.Count != 1)
        {
            throw new CloudFreqException($"{parameters.Where}: field 'preset' takes one of auto, imagenet-c, cifar10-c.");
        }

        var options = new CorruptionsOptions(
            parameters.GetInt("images", int.MaxValue, min: 1),
            [.. parameters.GetStrings("corruptions", known, known).Distinct().OrderBy(n => Order(known, n))],
            [.. parameters.GetInts("severities", [1, 2, 3, 4, 5], min: 1).Distinct().Order()],
            preset[0] == "auto" ? null : PresetNames[preset[0]],
            parameters.GetBool("quantize", true),
            parameters.GetBool("jpeg", true),
            ReadTables(parameters, known),
            parameters.Where);
        if (options.Severities.Any(s => s > 5))
        {
            throw new CloudFreqException($"{parameters.Where}: field 'severities' holds values above 5; severities run 1..5.");
        }

        parameters.RejectUnknown();
        return options;
    }

    /// <summary>The 'tables' field: an object keyed by known corruption names; the tables themselves are checked by the corruptions.</summary>
    private static SortedDictionary<string, JsonElement>? ReadTables(AnalysisParameters parameters, IReadOnlyList<string> known)
    {
        if (!parameters.TryGetElement("tables", out var tables))
        {
            return null;
        }

        if (tables.ValueKind != JsonValueKind.Object)
        {
            throw new CloudFreqException($"{parameters.Where}: field 'tables' must be an object of tables by corruption name.");
        }

        // Sorted, so that the recorded parameters do not depend on the suite's key order.
        var result = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in tables.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new CloudFreqException($"{parameters.Where}: tables.{property.Name}: unknown corruption '{property.Name}'; known: {string.Join(", ", known)}.");
            }

            if (!result.TryAdd(property.Name, property.Value.Clone()))
            {
                throw new CloudFreqException($"{parameters.Where}: tables.{property.Name}: given twice.");
            }
        }

        return result;
    }

    private static int Order(IReadOnlyList<string> known, string name)
    {
        for (var i = 0; i < known.Count; i++)
        {
            if (known[i] == name)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
