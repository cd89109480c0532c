using System.Text.Json;
using System.Buffers;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>Fog strength (how much plasma is added) and the plasma's wibble decay.</summary>
public readonly record struct FogStrength(double Amount, double WibbleDecay);

/// <summary>
/// fog: x + strength * plasma (same on all channels), then rescaled by max(x) / (max(x) + strength)
/// and clipped, with max(x) taken over the clean image (make_imagenet_c.py / make_cifar_c.py).
/// The plasma map is 256 px for ImageNet-C and 32 px for CIFAR-10-C, cropped at the top left.
/// </summary>
/// <param name="strengths">
/// The table (default: the reference's); a custom table's entries are [strength, plasma decay]:
/// strength at least 0, decay above 0.
/// </param>
public sealed class Fog(CorruptionTable<FogStrength>? strengths = null) : ITunableCorruption
{
    private static readonly CorruptionTable<FogStrength> Strengths = new(
        imageNetC: [new(1.5, 2), new(2, 2), new(2.5, 1.7), new(2.5, 1.5), new(3, 1.4)],
        cifar10C: [new(.2, 3), new(.5, 3), new(.75, 2.5), new(1, 2), new(1.5, 1.75)]);

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("strength"), TableColumn.Positive("plasma decay")];

    private readonly CorruptionTable<FogStrength> _strengths = strengths ?? Strengths;

    public string Name => "fog";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Fog(CorruptionTableJson.Read(table, where, _strengths, Columns, r => new FogStrength(r[0], r[1])));

    /// <summary>
    /// The generator's plasma size for <paramref name="preset"/>; an image larger than that (the
    /// generators would fail) gets the next power of two that covers it.
    /// </summary>
    public static int PlasmaMapSize(CorruptionPreset preset, ImageShape shape)
    {
        var size = preset == CorruptionPreset.ImageNetC ? 256 : 32;
        while (size < Math.Max(shape.Height, shape.Width))
        {
            size *= 2;
        }

        return size;
    }

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);
        var strength = _strengths[preset, severity];
        var mapSize = PlasmaMapSize(preset, shape);
        var buffer = ArrayPool<double>.Shared.Rent(mapSize * mapSize);
        try
        {
            var plasma = buffer.AsSpan(0, mapSize * mapSize);
            PlasmaFractal.Generate(mapSize, strength.WibbleDecay, random, plasma);
            double maximum = 0;
            foreach (var value in image)
            {
                maximum = Math.Max(maximum, value);
            }

            var rescale = maximum / (maximum + strength.Amount);
            var plane = shape.Height * shape.Width;
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < shape.Height; y++)
                {
                    for (var x = 0; x < shape.Width; x++)
                    {
                        var sample = (c * plane) + (y * shape.Width) + x;
                        var fogged = (image[sample] + (strength.Amount * plasma[(y * mapSize) + x])) * rescale;
                        destination[sample] = (float)Math.Clamp(fogged, 0, 1);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}
