using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Weather;

namespace CloudFreq.Core.Tests.Corruptions.Weather;

public sealed class FrostTests
{
    /// <summary>
    /// The reference's texture and crop are random, but they can be recovered: for every CIFAR-10-C
    /// item (all severities) and one ImageNet-C item, search the five textures and all crops for the
    /// one that reproduces the reference, then require every pixel to match.
    /// </summary>
    [Theory]
    [InlineData("cifar10-c", 1)]
    [InlineData("cifar10-c", 2)]
    [InlineData("cifar10-c", 3)]
    [InlineData("cifar10-c", 4)]
    [InlineData("cifar10-c", 5)]
    [InlineData("imagenet-c", 1)]
    public void ApplyCrop_ReferenceTextureAndCrop_ReproducesReferencePixelsExactly(string presetName, int severity)
    {
        var frost = new Frost(FrostTestTextures.Source());
        var items = ReferenceCorruptions.Items("frost").Where(i => i.Preset == presetName && i.Severity == severity).Take(presetName == "cifar10-c" ? 8 : 1).ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            var (clean, shape) = ReferenceCorruptions.LoadPng(item.Clean);
            var (reference, _) = ReferenceCorruptions.LoadPng(item.File);
            var (texture, top, left) = FindCrop(frost, item, clean, reference);
            var output = new float[clean.Length];
            frost.ApplyCrop(clean, shape, severity, item.PresetValue, texture, top, left, output);
            CorruptionOutput.Quantize(output);

            Assert.Equal((0.0, 0.0), ReferenceCorruptions.Difference(output, reference));
        }
    }

    [Fact]
    public void Apply_ManyCallsFromManyThreads_DecodesEachUsedTextureOnce()
    {
        var source = new CountingFrostTextureSource(FrostTestTextures.Source());
        var frost = new Frost(source);
        var (image, shape) = ReferenceCorruptions.LoadPng("cifar_0_clean.png");

        Assert.Equal(0, source.Opened);
        Parallel.For(0, 24, i =>
        {
            var output = new float[shape.Length];
            frost.Apply(image, shape, (i % 5) + 1, i % 2 == 0 ? CorruptionPreset.Cifar10C : CorruptionPreset.ImageNetC, new Random(i), output);
        });

        Assert.Equal(FrostTextureFiles.UsedCount, source.Opened);
    }

    [Fact]
    public void Scaled_CifarFactor_SamplesEveryFifthPixelLikeCv2Resize()
    {
        var frost = new Frost(FrostTestTextures.Source());
        var full = frost.Texture(CorruptionPreset.ImageNetC, 0);
        var small = frost.Texture(CorruptionPreset.Cifar10C, 0);

        Assert.Equal((120, 180), (small.Height, small.Width));
        Assert.Equal((600, 900), (full.Height, full.Width));
        Assert.Equal(full.Rgb.Span[((((5 * 7) + 2) * full.Width) + (5 * 11) + 2) * 3], small.Rgb.Span[(((7 * small.Width) + 11) * 3)]);
    }

    [Fact]
    public void FrostTexturesFolder_ComparedWithShared_HoldsTheSameSixFilesAndALicence()
    {
        foreach (var name in FrostTextureFiles.Names)
        {
            Assert.Equal(
                File.ReadAllBytes(SharedData.Path("data", "frost", name)),
                File.ReadAllBytes(Path.Combine(FrostTestTextures.Folder, name)));
        }

        Assert.Contains("Apache License", File.ReadAllText(Path.Combine(FrostTestTextures.Folder, "LICENSE")), StringComparison.Ordinal);
        Assert.Contains("bethgelab/imagecorruptions", File.ReadAllText(Path.Combine(FrostTestTextures.Folder, "NOTICE")), StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedSource_UnknownFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => new EmbeddedFrostTextureSource().Open("no-such-frost.png"));
    }

    [Fact]
    public void EmbeddedSource_TexturesInTheAssembly_DecodeLikeTheFolder()
    {
        var embedded = typeof(Frost).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(EmbeddedFrostTextureSource.LogicalNamePrefix, StringComparison.Ordinal))
            .ToList();

        Assert.Equal(FrostTextureFiles.Names.Count, embedded.Count);
        var fromAssembly = new Frost(new EmbeddedFrostTextureSource());
        var fromFolder = new Frost(FrostTestTextures.Source());
        for (var i = 0; i < FrostTextureFiles.UsedCount; i++)
        {
            Assert.True(fromAssembly.Texture(CorruptionPreset.ImageNetC, i).Rgb.Span.SequenceEqual(fromFolder.Texture(CorruptionPreset.ImageNetC, i).Rgb.Span));
        }
    }

    /// <summary>
    /// Frost is random only in its texture and crop, which average out only over many images: with
    /// 8 (CIFAR) or 2 (ImageNet) reference items the reference's picks dominate its statistics (for
    /// example 5 of 8 CIFAR severity-2 items drew frost2/frost3, mean level 207 against 131-152 for
    /// the others). The exact reproduction above is the parity check; this one asserts only the
    /// share of changed pixels, which the texture does not move.
    /// </summary>
    [Theory]
    [InlineData(CorruptionPreset.Cifar10C, 1)]
    [InlineData(CorruptionPreset.Cifar10C, 2)]
    [InlineData(CorruptionPreset.Cifar10C, 3)]
    [InlineData(CorruptionPreset.Cifar10C, 4)]
    [InlineData(CorruptionPreset.Cifar10C, 5)]
    [InlineData(CorruptionPreset.ImageNetC, 1)]
    [InlineData(CorruptionPreset.ImageNetC, 2)]
    [InlineData(CorruptionPreset.ImageNetC, 3)]
    [InlineData(CorruptionPreset.ImageNetC, 4)]
    [InlineData(CorruptionPreset.ImageNetC, 5)]
    public void Apply_SeveralSeeds_ChangedShareWithinTenPercentOfReference(CorruptionPreset preset, int severity)
    {
        var parity = DeltaParity.Measure(new Frost(FrostTestTextures.Source()), preset, severity, seeds: 8);

        Assert.True(Math.Abs(parity.Changed - parity.ReferenceChanged) <= 0.1 * parity.ReferenceChanged, parity.ToString());
    }

    private static (int Texture, int Top, int Left) FindCrop(Frost frost, ReferenceItem item, float[] clean, float[] reference)
    {
        var severityWeights = item.PresetValue == CorruptionPreset.Cifar10C
            ? new[] { (1, .2), (1, .3), (.9, .4), (.85, .4), (.75, .45) }
            : new[] { (1, .4), (.8, .6), (.7, .7), (.65, .7), (.6, .75) };
        var (imageWeight, frostWeight) = severityWeights[item.Severity - 1];
        var size = item.PresetValue == CorruptionPreset.Cifar10C ? 32 : 224;
        var plane = size * size;
        for (var t = 0; t < FrostTextureFiles.UsedCount; t++)
        {
            var texture = frost.Texture(item.PresetValue, t);
            var rgb = texture.Rgb.Span;
            for (var top = 0; top + size <= texture.Height; top++)
            {
                for (var left = 0; left + size <= texture.Width; left++)
                {
                    // The reference's crop matches every pixel; any other fails within a few.
                    var matches = true;
                    for (var p = 0; p < plane && matches; p += 7)
                    {
                        var texel = (((top + (p / size)) * texture.Width) + left + (p % size)) * 3;
                        for (var c = 0; c < 3 && matches; c++)
                        {
                            var expected = Math.Floor(Math.Clamp((imageWeight * Math.Round(clean[(c * plane) + p] * 255)) + (frostWeight * rgb[texel + c]), 0, 255));
                            matches = expected == Math.Round(reference[(c * plane) + p] * 255);
                        }
                    }

                    if (matches)
                    {
                        return (t, top, left);
                    }
                }
            }
        }

        Assert.Fail($"{item.File}: no texture crop reproduces it.");
        return default;
    }
}
