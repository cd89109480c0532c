using System.Runtime.Intrinsics;
using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>brightness: adds a constant to V in skimage's HSV (clipped to [0,1]) and converts back.</summary>
/// <param name="valueShift">The table (default: the reference's); a custom table's entries are single numbers: shift added to V, in [-1, 1].</param>
public sealed class Brightness(CorruptionTable<double>? valueShift = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> ValueShift = new(
        imageNetC: [0.1, 0.2, 0.3, 0.4, 0.5],
        cifar10C: [0.05, 0.1, 0.15, 0.2, 0.3]);

    private static readonly TableColumn[] Columns = [new TableColumn("value shift", Min: -1, Max: 1)];

    private readonly CorruptionTable<double> _valueShift = valueShift ?? ValueShift;

    public string Name => "brightness";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Brightness(CorruptionTableJson.Read(table, where, _valueShift, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var shift = _valueShift[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        SkimageHsv.Transform(image, shape, destination, new ShiftValue(shift));
    }

    private readonly struct ShiftValue(double shift) : IHsvAdjustment
    {
        public void Adjust(ref double saturation, ref double value) => value = Math.Clamp(value + shift, 0, 1);

        public void Adjust(ref Vector256<double> saturation, ref Vector256<double> value) =>
            value = NumpyLevelsVector.Clamp(value + Vector256.Create(shift), Vector256<double>.Zero, Vector256<double>.One);
    }
}
