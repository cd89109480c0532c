using System.Text.Json;
using System.Numerics.Tensors;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// gaussian_blur (extra): skimage.filters.gaussian with the table's sigma over height and width
/// of every channel (multichannel: no blur across channels), border 'nearest', truncate 4.
/// </summary>
/// <param name="sigmas">The table (default: <see cref="Sigmas"/>); a custom table's entries are single numbers: sigma, at least 0.</param>
public sealed class GaussianBlur(CorruptionTable<double>? sigmas = null) : ITunableCorruption
{
    public static CorruptionTable<double> Sigmas { get; } = new(
        imageNetC: [1, 2, 3, 4, 6],
        cifar10C: [0.4, 0.6, 0.7, 0.8, 1]);

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("sigma")];

    private readonly CorruptionTable<double> _sigmas = sigmas ?? Sigmas;
    private readonly float[][] _imageNetC = [.. (sigmas ?? Sigmas).ImageNetC.Select(s => GaussianKernel.Scipy(s))];
    private readonly float[][] _cifar10C = [.. (sigmas ?? Sigmas).Cifar10C.Select(s => GaussianKernel.Scipy(s))];

    public string Name => "gaussian_blur";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new GaussianBlur(CorruptionTableJson.Read(table, where, _sigmas, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, severity, random, destination);
        var kernel = (preset == CorruptionPreset.Cifar10C ? _cifar10C : _imageNetC)[severity - 1];
        SeparableFilter.ApplyToChannels(image, shape, kernel, BorderMode.Nearest, destination);
        SpanClip.Clip(destination, 0f, 1f);
    }
}
