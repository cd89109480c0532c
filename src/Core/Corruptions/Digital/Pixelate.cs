using System.Text.Json;
using System.Buffers;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// pixelate: PIL box resize of the uint8 image down to int(size * scale), then box resize back up
/// (the reference generators use Image.BOX for both steps).
/// </summary>
/// <param name="scale">The table (default: the reference's); a custom table's entries are single numbers: box-resize scale, in (0, 1].</param>
public sealed class Pixelate(CorruptionTable<double>? scale = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> Scale = new(
        imageNetC: [0.6, 0.5, 0.4, 0.3, 0.25],
        cifar10C: [0.95, 0.9, 0.85, 0.75, 0.65]);

    private static readonly TableColumn[] Columns = [new TableColumn("scale", Min: 0, Max: 1, MinExclusive: true)];

    private readonly CorruptionTable<double> _scale = scale ?? Scale;

    public string Name => "pixelate";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Pixelate(CorruptionTableJson.Read(table, where, _scale, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var scale = _scale[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);

        // Python's int(224 * 0.6): float64 product, truncated.
        var smallHeight = Math.Max(1, (int)(shape.Height * scale));
        var smallWidth = Math.Max(1, (int)(shape.Width * scale));
        var levels = ArrayPool<byte>.Shared.Rent(2 * shape.Length);
        try
        {
            var full = levels.AsSpan(0, shape.Length);
            var small = levels.AsSpan(shape.Length, shape.Channels * smallHeight * smallWidth);
            Uint8Levels.ToLevels(image, full);

            PillowBoxResize.Resize(full, shape.Channels, shape.Height, shape.Width, small, smallHeight, smallWidth);
            PillowBoxResize.Resize(small, shape.Channels, smallHeight, smallWidth, full, shape.Height, shape.Width);
            Uint8Levels.FromLevels(full, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(levels);
        }
    }
}
