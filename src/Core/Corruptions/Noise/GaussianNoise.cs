using System.Text.Json;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>gaussian_noise: x + N(0, sigma) per value, clipped to [0,1].</summary>
/// <param name="sigma">The table (default: the reference's); a custom table's entries are single numbers: sigma of the added N(0, sigma), at least 0.</param>
public sealed class GaussianNoise(CorruptionTable<double>? sigma = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> Sigma = new(
        imageNetC: [0.08, 0.12, 0.18, 0.26, 0.38],
        cifar10C: [0.04, 0.06, 0.08, 0.09, 0.10]);

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("sigma")];

    private readonly CorruptionTable<double> _sigma = sigma ?? Sigma;

    public string Name => "gaussian_noise";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new GaussianNoise(CorruptionTableJson.Read(table, where, _sigma, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var sigma = _sigma[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);

        NoiseChunks.ApplyNormal(image, destination, random, sigma, multiplicative: false);
    }
}
