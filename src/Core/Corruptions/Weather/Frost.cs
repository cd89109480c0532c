using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>Weights of the image and of the frost texture in clip(a x + b texture).</summary>
public readonly record struct FrostBlend(double ImageWeight, double FrostWeight);

/// <summary>
/// frost: the image blended with a random crop of one of the first five frost textures,
/// clip(a x + b texture) on the 0-255 scale (make_imagenet_c.py / make_cifar_c.py). The CIFAR-10-C
/// preset first shrinks the textures by 0.2. Textures are decoded once, lazily and thread-safely,
/// and shared by every call.
/// </summary>
/// <remarks>A custom table's entries are [image weight, frost weight], both at least 0.</remarks>
public sealed class Frost : ITunableCorruption
{
    /// <summary>The CIFAR-10-C generator shrinks each texture by this factor before cropping.</summary>
    public const double Cifar10CTextureScale = 0.2;

    private static readonly CorruptionTable<FrostBlend> Blends = new(
        imageNetC: [new(1, .4), new(.8, .6), new(.7, .7), new(.65, .7), new(.6, .75)],
        cifar10C: [new(1, .2), new(1, .3), new(.9, .4), new(.85, .4), new(.75, .45)]);

    /// <summary>Far below one level yet far above float32's error on k/255 * 255.</summary>
    private const double LevelSnap = 1e-4;

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("image weight"), TableColumn.NonNegative("frost weight")];

    private readonly Lazy<FrostTextureSet> _textures;
    private readonly CorruptionTable<FrostBlend> _blends;

    /// <param name="textures">Where the textures are read from, once, on first use.</param>
    /// <param name="blends">The table; the reference's by default.</param>
    public Frost(IFrostTextureSource textures, CorruptionTable<FrostBlend>? blends = null)
    {
        ArgumentNullException.ThrowIfNull(textures);
        _textures = new Lazy<FrostTextureSet>(() => FrostTextureSet.Load(textures), LazyThreadSafetyMode.ExecutionAndPublication);
        _blends = blends ?? Blends;
    }

    // A retuned copy shares the decoded textures rather than decoding them again.
    private Frost(Lazy<FrostTextureSet> textures, CorruptionTable<FrostBlend> blends)
    {
        _textures = textures;
        _blends = blends;
    }

    public string Name => "frost";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Frost(_textures, CorruptionTableJson.Read(table, where, _blends, Columns, r => new FrostBlend(r[0], r[1])));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);
        var blend = _blends[preset, severity];

        // Same draw order as the generator: texture index, then crop row, then crop column.
        var index = random.Next(FrostTextureFiles.UsedCount);
        var texture = Texture(preset, index);
        var top = CropStart(random, texture.Height, shape.Height);
        var left = CropStart(random, texture.Width, shape.Width);
        Blend(image, shape, blend, texture, top, left, destination);
    }

    /// <summary>Frost with a chosen texture and crop instead of random ones (the reference's picks, in tests).</summary>
    internal void ApplyCrop(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, int textureIndex, int top, int left, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, destination);
        Blend(image, shape, _blends[preset, severity], Texture(preset, textureIndex), top, left, destination);
    }

    /// <summary>Texture <paramref name="index"/> as <paramref name="preset"/> crops it (shrunk for CIFAR-10-C).</summary>
    internal FrostTexture Texture(CorruptionPreset preset, int index) =>
        preset == CorruptionPreset.Cifar10C ? _textures.Value.Cifar10C[index] : _textures.Value.ImageNetC[index];

    private static void Blend(ReadOnlySpan<float> image, ImageShape shape, FrostBlend blend, FrostTexture texture, int top, int left, Span<float> destination)
    {
        var rgb = texture.Rgb.Span;
        var plane = shape.Height * shape.Width;
        for (var y = 0; y < shape.Height; y++)
        {
            var textureRow = MirrorIndex(top + y, texture.Height) * texture.Width;
            for (var x = 0; x < shape.Width; x++)
            {
                var texel = (textureRow + MirrorIndex(left + x, texture.Width)) * 3;
                var pixel = (y * shape.Width) + x;
                for (var c = 0; c < 3; c++)
                {
                    // The generator blends uint8 levels; snap values that are a level up to float32
                    // rounding, so that k/255 stored as float truncates like k does.
                    var sample = (c * plane) + pixel;
                    var level = image[sample] * 255.0;
                    var nearest = Math.Round(level);
                    level = Math.Abs(level - nearest) < LevelSnap ? nearest : level;
                    var value = (blend.ImageWeight * level) + (blend.FrostWeight * rgb[texel + c]);
                    destination[sample] = (float)(Math.Clamp(value, 0, 255) / 255.0);
                }
            }
        }
    }

    /// <summary>numpy's randint(0, textureLength - imageLength): the upper end is excluded.</summary>
    private static int CropStart(Random random, int textureLength, int imageLength) =>
        textureLength > imageLength ? random.Next(textureLength - imageLength) : 0;

    /// <summary>
    /// Only reached when the image is larger than the texture (the generators would fail there):
    /// mirror the texture instead of reading past it.
    /// </summary>
    private static int MirrorIndex(int index, int length)
    {
        if (index < length)
        {
            return index;
        }

        if (length == 1)
        {
            return 0;
        }

        var period = 2 * (length - 1);
        var folded = index % period;
        return folded < length ? folded : period - folded;
    }

    /// <summary>The five used textures at full size (ImageNet-C) and shrunk by 0.2 (CIFAR-10-C).</summary>
    private sealed class FrostTextureSet
    {
        private FrostTextureSet(IReadOnlyList<FrostTexture> imageNetC, IReadOnlyList<FrostTexture> cifar10C)
        {
            ImageNetC = imageNetC;
            Cifar10C = cifar10C;
        }

        public IReadOnlyList<FrostTexture> ImageNetC { get; }

        public IReadOnlyList<FrostTexture> Cifar10C { get; }

        public static FrostTextureSet Load(IFrostTextureSource source)
        {
            var full = new FrostTexture[FrostTextureFiles.UsedCount];
            for (var i = 0; i < full.Length; i++)
            {
                var name = FrostTextureFiles.Names[i];
                using var stream = source.Open(name);
                full[i] = FrostTexture.Decode(stream, name);
            }

            return new FrostTextureSet(full, [.. full.Select(t => t.Scaled(Cifar10CTextureScale))]);
        }
    }
}
