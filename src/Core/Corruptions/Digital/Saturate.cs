using System.Runtime.Intrinsics;
using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>saturate: S * multiply + add in skimage's HSV (clipped to [0,1]) and back; severities 1-2 desaturate.</summary>
/// <param name="saturationChange">
/// The table (default: the reference's); a custom table's entries are [multiply, add] on S
/// (multiply at least 0, add in [-1, 1]).
/// </param>
public sealed class Saturate(CorruptionTable<(double Multiply, double Add)>? saturationChange = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<(double Multiply, double Add)> SaturationChange = new(
        imageNetC: [(0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (20, 0.2)],
        cifar10C: [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)]);

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("multiply"), new TableColumn("add", Min: -1, Max: 1)];

    private readonly CorruptionTable<(double Multiply, double Add)> _saturationChange = saturationChange ?? SaturationChange;

    public string Name => "saturate";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Saturate(CorruptionTableJson.Read(table, where, _saturationChange, Columns, r => (r[0], r[1])));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var (multiply, add) = _saturationChange[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        SkimageHsv.Transform(image, shape, destination, new ScaleSaturation(multiply, add));
    }

    private readonly struct ScaleSaturation(double multiply, double add) : IHsvAdjustment
    {
        public void Adjust(ref double saturation, ref double value) => saturation = Math.Clamp((saturation * multiply) + add, 0, 1);

        public void Adjust(ref Vector256<double> saturation, ref Vector256<double> value) =>
            saturation = NumpyLevelsVector.Clamp((saturation * multiply) + Vector256.Create(add), Vector256<double>.Zero, Vector256<double>.One);
    }
}
