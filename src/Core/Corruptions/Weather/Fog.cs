using System.Text.Json;
using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
            // The sequential Math.Max fold from 0, as a vectorized reduction (same value, NaN included).
            var maximum = Math.Max(0.0, TensorPrimitives.Max(image));
            var rescale = maximum / (maximum + strength.Amount);
            var plane = shape.Height * shape.Width;
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < shape.Height; y++)
                {
                    var row = (c * plane) + (y * shape.Width);
                    AddRow(image.Slice(row, shape.Width), plasma.Slice(y * mapSize, shape.Width), strength.Amount, rescale, destination.Slice(row, shape.Width));
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// destination = (float)Math.Clamp((image + (amount * plasma)) * rescale, 0, 1) in double, four
    /// pixels at a time (float to double and back are exact conversions either way).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRow(ReadOnlySpan<float> image, ReadOnlySpan<double> plasma, double amount, double rescale, Span<float> destination)
    {
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (vAmount, vRescale) = (Vector256.Create(amount), Vector256.Create(rescale));
            for (; x <= destination.Length - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var (low, high) = Vector256.Widen(Vector256.Create(image[x..]));
                var lowFog = Clamp01((low + (vAmount * Vector256.Create(plasma[x..]))) * vRescale);
                var highFog = Clamp01((high + (vAmount * Vector256.Create(plasma[(x + Vector256<double>.Count)..]))) * vRescale);
                Vector256.Narrow(lowFog, highFog).CopyTo(destination[x..]);
            }
        }

        for (; x < destination.Length; x++)
        {
            destination[x] = (float)Math.Clamp((image[x] + (amount * plasma[x])) * rescale, 0, 1);
        }
    }

    /// <summary>Math.Clamp(v, 0, 1) lane by lane, NaN and -0 included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Clamp01(Vector256<double> v) =>
        Vector256.ConditionalSelect(
            Vector256.LessThan(v, Vector256<double>.Zero),
            Vector256<double>.Zero,
            Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<double>.One), Vector256<double>.One, v));
}
