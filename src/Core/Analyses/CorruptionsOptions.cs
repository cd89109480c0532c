using CloudFreq.Core.Corruptions;

namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the corruptions analysis.</summary>
/// <param name="Images">Use at most this many images of each dataset.</param>
/// <param name="Corruptions">Corruption names (default: all 19).</param>
/// <param name="Severities">Severities 1..5.</param>
/// <param name="Preset">A fixed preset, or null to choose from the image size (up to 64 px: CIFAR-10-C).</param>
/// <param name="Quantize">Truncate corrupted images to uint8 levels, as the benchmark files are.</param>
/// <param name="Jpeg">JPEG-encode ImageNet-C-preset images at quality 85, as the ImageNet-C files are.</param>
public sealed record CorruptionsOptions(
    int Images,
    IReadOnlyList<string> Corruptions,
    IReadOnlyList<int> Severities,
    CorruptionPreset? Preset,
    bool Quantize,
    bool Jpeg)
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
            parameters.GetBool("jpeg", true));
        if (options.Severities.Any(s => s > 5))
        {
            throw new CloudFreqException($"{parameters.Where}: field 'severities' holds values above 5; severities run 1..5.");
        }

        parameters.RejectUnknown();
        return options;
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
