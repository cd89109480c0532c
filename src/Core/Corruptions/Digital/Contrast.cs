using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>contrast: (x - m) * factor + m with m each channel's mean, clipped to [0,1].</summary>
/// <param name="factor">The table (default: the reference's); a custom table's entries are single numbers: contrast factor around the channel mean, at least 0 (1 keeps the image).</param>
public sealed class Contrast(CorruptionTable<double>? factor = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> Factor = new(
        imageNetC: [0.4, 0.3, 0.2, 0.1, 0.05],
        cifar10C: [0.75, 0.5, 0.4, 0.3, 0.15]);

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("factor")];

    private readonly CorruptionTable<double> _factor = factor ?? Factor;

    public string Name => "contrast";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Contrast(CorruptionTableJson.Read(table, where, _factor, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var factor = _factor[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);

        var plane = shape.Height * shape.Width;
        for (var c = 0; c < shape.Channels; c++)
        {
            var input = image.Slice(c * plane, plane);
            var output = destination.Slice(c * plane, plane);

            // float64 as numpy, so that values near a level truncate alike.
            double sum = 0;
            foreach (var value in input)
            {
                sum += NumpyLevels.Read(value);
            }

            var mean = sum / plane;
            for (var p = 0; p < plane; p++)
            {
                output[p] = NumpyLevels.Write(((NumpyLevels.Read(input[p]) - mean) * factor) + mean);
            }
        }
    }
}
