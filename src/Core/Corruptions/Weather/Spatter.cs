using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using CloudFreq.Core.Corruptions.Geometric;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Corruptions.Noise;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>
/// Spatter's liquid layer: normal mean and sd, blur sigma, threshold, intensity (brightest water
/// added, or the mud mask's blur sigma) and whether the severity is mud.
/// </summary>
public readonly record struct SpatterStrength(
    double Mean, double StandardDeviation, double Sigma, double Threshold, double Intensity, bool Mud);

/// <summary>
/// spatter (extra corruption): a liquid layer of N(mean, sd) noise, Gaussian-blurred (skimage,
/// nearest border) and zeroed below a threshold. Severities without mud add pale-turquoise water,
/// shaded by <see cref="SpatterWaterShading"/> and scaled so its brightest point adds
/// <c>intensity</c>; the mud severities replace the image by mud brown where the blurred
/// (sigma = intensity) liquid mask is at least 0.8 (make_imagenet_c.py / make_cifar_c.py).
/// </summary>
/// <param name="strengths">
/// The table (default: the reference's); a custom table's entries are the 6 numbers [mean, sd,
/// sigma, threshold, intensity, mud]: sd, sigma and intensity at least 0, mud 0 (water) or 1 (mud).
/// </param>
public sealed class Spatter(CorruptionTable<SpatterStrength>? strengths = null) : ITunableCorruption
{
    /// <summary>Water colour, RGB (175, 238, 238): the generator's "pale turquoise".</summary>
    private static readonly IReadOnlyList<float> WaterColour = [175 / 255f, 238 / 255f, 238 / 255f];

    /// <summary>Mud colour, RGB (63, 42, 20).</summary>
    private static readonly IReadOnlyList<float> MudColour = [63 / 255f, 42 / 255f, 20 / 255f];

    /// <summary>Mud covers the pixels whose blurred liquid mask reaches this level.</summary>
    private const double MudCoverage = 0.8;

    private static readonly CorruptionTable<SpatterStrength> Strengths = new(
        imageNetC:
        [
            new(.65, .3, 4, .69, .6, Mud: false),
            new(.65, .3, 3, .68, .6, Mud: false),
            new(.65, .3, 2, .68, .5, Mud: false),
            new(.65, .3, 1, .65, 1.5, Mud: true),
            new(.67, .4, 1, .65, 1.5, Mud: true),
        ],
        cifar10C:
        [
            new(.62, .1, .7, .7, .5, Mud: false),
            new(.65, .1, .8, .7, .5, Mud: false),
            new(.65, .3, 1, .69, .5, Mud: false),
            new(.65, .1, .7, .69, .6, Mud: true),
            new(.65, .1, .5, .68, .6, Mud: true),
        ]);

    private static readonly TableColumn[] Columns =
    [
        new TableColumn("mean"),
        TableColumn.NonNegative("sd"),
        TableColumn.NonNegative("sigma"),
        new TableColumn("threshold"),
        TableColumn.NonNegative("intensity"),
        new TableColumn("mud", Min: 0, Max: 1, Integer: true),
    ];

    private readonly CorruptionTable<SpatterStrength> _strengths = strengths ?? Strengths;

    public string Name => "spatter";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Spatter(CorruptionTableJson.Read(table, where, _strengths, Columns, r => new SpatterStrength(r[0], r[1], r[2], r[3], r[4], r[5] == 1)));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);
        var strength = _strengths[preset, severity];
        var (height, width) = (shape.Height, shape.Width);

        // Pooled planes: at 224 px each would be a fresh large-object-heap array per image.
        var plane = height * width;
        var liquidBuffer = ArrayPool<double>.Shared.Rent(plane);
        var scratchBuffer = ArrayPool<float>.Shared.Rent(plane);
        var levelsBuffer = ArrayPool<byte>.Shared.Rent(plane);
        try
        {
            var liquid = liquidBuffer.AsSpan(0, plane);
            var uniform = new FastUniform(random);
            FastNormals.Fill(ref uniform, liquid, strength.Mean, strength.StandardDeviation);
            NdimageGaussianFilter.Apply(liquid, height, width, strength.Sigma, NdimageGaussianFilter.SkimageTruncate, NdimageBoundary.Nearest);
            SpatterPixels.ZeroBelow(liquid, strength.Threshold);

            if (strength.Mud)
            {
                AddMud(image, liquid, height, width, strength, destination, scratchBuffer.AsSpan(0, plane));
            }
            else
            {
                AddWater(image, liquid, height, width, strength, destination, levelsBuffer.AsSpan(0, plane), scratchBuffer.AsSpan(0, plane));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(liquidBuffer);
            ArrayPool<float>.Shared.Return(scratchBuffer);
            ArrayPool<byte>.Shared.Return(levelsBuffer);
        }
    }

    private static void AddWater(
        ReadOnlySpan<float> image, ReadOnlySpan<double> liquid, int height, int width, SpatterStrength strength, Span<float> destination, Span<byte> levels, Span<float> shading)
    {
        var plane = height * width;

        SpatterPixels.ToLevels(liquid, levels);
        SpatterWaterShading.Compute(levels, height, width, shading);
        var brightest = SpatterPixels.MultiplyByLevels(shading, levels);

        // The generator divides by the maximum; with no water at all (maximum 0) nothing is added.
        // shading * scale is the same float in every channel, so it is formed once.
        var scale = brightest > 0 ? (float)strength.Intensity / brightest : 0f;
        TensorPrimitives.Multiply(shading, scale, shading);
        for (var c = 0; c < 3; c++)
        {
            var sample = c * plane;
            SpatterPixels.AddClamped(image.Slice(sample, plane), shading, WaterColour[c], destination.Slice(sample, plane));
        }
    }

    private static void AddMud(ReadOnlySpan<float> image, Span<double> liquid, int height, int width, SpatterStrength strength, Span<float> destination, Span<float> cover)
    {
        var plane = height * width;
        // The liquid is not needed after its mask: the mask overwrites it in place.
        var mud = liquid;
        for (var i = 0; i < plane; i++)
        {
            mud[i] = liquid[i] > strength.Threshold ? 1 : 0;
        }

        NdimageGaussianFilter.Apply(mud, height, width, strength.Intensity, NdimageGaussianFilter.SkimageTruncate, NdimageBoundary.Nearest);

        // The float cover and its complement are the same in every channel, so they are formed once.
        for (var i = 0; i < plane; i++)
        {
            cover[i] = mud[i] < MudCoverage ? 0f : (float)mud[i];
        }

        for (var c = 0; c < 3; c++)
        {
            var sample = c * plane;
            SpatterPixels.Blend(image.Slice(sample, plane), cover, MudColour[c], destination.Slice(sample, plane));
        }
    }
}
