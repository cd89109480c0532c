using System.Text.Json;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>speckle_noise: x + x * N(0, sigma) per value, clipped to [0,1].</summary>
/// <param name="sigma">The table (default: the reference's); a custom table's entries are single numbers: sigma of the multiplied N(0, sigma), at least 0.</param>
public sealed class SpeckleNoise(CorruptionTable<double>? sigma = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> Sigma = new(
        imageNetC: [0.15, 0.2, 0.35, 0.45, 0.6],
        cifar10C: [0.06, 0.1, 0.12, 0.16, 0.2]);

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("sigma")];

    private readonly CorruptionTable<double> _sigma = sigma ?? Sigma;

    public string Name => "speckle_noise";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new SpeckleNoise(CorruptionTableJson.Read(table, where, _sigma, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var sigma = _sigma[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);

        NoiseChunks.ApplyNormal(image, destination, random, sigma, multiplicative: true);
    }
}
