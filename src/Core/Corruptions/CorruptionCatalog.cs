using System.Text.Json;

namespace CloudFreq.Core.Corruptions;

/// <summary>
/// The corruptions CloudFreq knows, by name, in the benchmark's order, with their frequency groups
/// and the AlexNet ImageNet-C errors that mCE is relative to (shared/docs/corruptions.md).
/// </summary>
public sealed class CorruptionCatalog
{
    /// <summary>The 15 benchmark corruptions in the benchmark's order.</summary>
    public static IReadOnlyList<string> Benchmark { get; } =
    [
        "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur", "zoom_blur",
        "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate", "jpeg_compression",
    ];

    /// <summary>The 4 extra corruptions, reported apart.</summary>
    public static IReadOnlyList<string> Extra { get; } = ["speckle_noise", "gaussian_blur", "spatter", "saturate"];

    /// <summary>AlexNet's ImageNet-C error per benchmark corruption, averaged over severities 1-5.</summary>
    public static IReadOnlyDictionary<string, double> AlexNetErrors { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["gaussian_noise"] = .886428, ["shot_noise"] = .894468, ["impulse_noise"] = .922640, ["defocus_blur"] = .819880,
        ["glass_blur"] = .826268, ["motion_blur"] = .785948, ["zoom_blur"] = .798360, ["snow"] = .866816, ["frost"] = .826572,
        ["fog"] = .819324, ["brightness"] = .564592, ["contrast"] = .853204, ["elastic_transform"] = .646056,
        ["pixelate"] = .717840, ["jpeg_compression"] = .606500,
    };

    /// <summary>AlexNet's clean ImageNet error, for relative mCE.</summary>
    public const double AlexNetCleanError = .4345;

    private readonly Dictionary<string, ICorruption> _byName;

    public CorruptionCatalog(IEnumerable<ICorruption> corruptions)
    {
        _byName = new Dictionary<string, ICorruption>(StringComparer.Ordinal);
        foreach (var corruption in corruptions)
        {
            if (!_byName.TryAdd(corruption.Name, corruption))
            {
                throw new ArgumentException($"corruption '{corruption.Name}' is registered twice.", nameof(corruptions));
            }
        }
    }

    /// <summary>Every registered corruption name: benchmark order, then extras, then any others.</summary>
    public IReadOnlyList<string> Names =>
        [.. Benchmark.Concat(Extra).Where(_byName.ContainsKey).Concat(_byName.Keys.Where(k => !Benchmark.Contains(k) && !Extra.Contains(k)).Order(StringComparer.Ordinal))];

    /// <summary>
    /// A copy of this catalog with the named corruptions retuned by their custom tables
    /// (<see cref="ITunableCorruption"/>); the others are shared.
    /// </summary>
    /// <param name="tables">Table JSON by corruption name.</param>
    /// <param name="where">Names the tables in errors, for example <c>suite.json: analyses[3] (corruptions): tables</c>.</param>
    /// <exception cref="CloudFreqException">An unknown or untunable corruption, or a bad table.</exception>
    public CorruptionCatalog WithTables(IReadOnlyDictionary<string, JsonElement> tables, string where)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var corruptions = new Dictionary<string, ICorruption>(_byName, StringComparer.Ordinal);
        foreach (var (name, table) in tables)
        {
            if (!_byName.TryGetValue(name, out var corruption))
            {
                throw new CloudFreqException($"{where}: corruption '{name}' is unknown; known: {string.Join(", ", Names)}.");
            }

            corruptions[name] = corruption is ITunableCorruption tunable
                ? tunable.WithParameters(table, $"{where}.{name}")
                : throw new CloudFreqException($"{where}: corruption '{name}' takes no custom table.");
        }

        return new CorruptionCatalog(corruptions.Values);
    }

    public ICorruption Get(string name) => _byName.TryGetValue(name, out var corruption)
        ? corruption
        : throw new CloudFreqException($"corruption '{name}' is unknown; known: {string.Join(", ", Names)}.");

    /// <summary>The study's frequency group of a corruption.</summary>
    public static CorruptionGroup GroupOf(string name) => name switch
    {
        "snow" or "frost" or "fog" or "brightness" or "contrast" => CorruptionGroup.Low,
        "motion_blur" or "zoom_blur" or "defocus_blur" or "glass_blur" or "elastic_transform" or "jpeg_compression" or "pixelate" => CorruptionGroup.Medium,
        "gaussian_noise" or "shot_noise" or "impulse_noise" => CorruptionGroup.High,
        _ => CorruptionGroup.Extra,
    };

    /// <summary>The preset for an image size: up to 64 px the CIFAR-10-C one, otherwise ImageNet-C.</summary>
    public static CorruptionPreset PresetFor(int height, int width) =>
        Math.Max(height, width) <= 64 ? CorruptionPreset.Cifar10C : CorruptionPreset.ImageNetC;
}
