using System.Text.Json;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Corruptions.Noise;
using CloudFreq.Core.Corruptions.Weather;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Corruptions;

/// <summary>Custom parameter tables: the JSON column order, the validation and the effect of a changed value.</summary>
public class CorruptionTableJsonTests
{
    /// <summary>
    /// The reference tables written by hand from shared/docs/corruptions.md, in its column order:
    /// if a corruption mapped its columns differently, these would not reproduce its default output.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DocumentedTables = new Dictionary<string, string>
    {
        ["gaussian_noise"] = """{"imagenet-c": [0.08, 0.12, 0.18, 0.26, 0.38], "cifar10-c": [0.04, 0.06, 0.08, 0.09, 0.10]}""",
        ["shot_noise"] = """{"imagenet-c": [60, 25, 12, 5, 3], "cifar10-c": [500, 250, 100, 75, 50]}""",
        ["impulse_noise"] = """{"imagenet-c": [0.03, 0.06, 0.09, 0.17, 0.27], "cifar10-c": [0.01, 0.02, 0.03, 0.05, 0.07]}""",
        ["defocus_blur"] = """{"imagenet-c": [[3, 0.1], [4, 0.5], [6, 0.5], [8, 0.5], [10, 0.5]], "cifar10-c": [[0.3, 0.4], [0.4, 0.5], [0.5, 0.6], [1, 0.2], [1.5, 0.1]]}""",
        ["glass_blur"] = """{"imagenet-c": [[0.7, 1, 2], [0.9, 2, 1], [1, 2, 3], [1.1, 3, 2], [1.5, 4, 2]], "cifar10-c": [[0.05, 1, 1], [0.25, 1, 1], [0.4, 1, 1], [0.25, 1, 2], [0.4, 1, 2]]}""",
        ["motion_blur"] = """{"imagenet-c": [[10, 3], [15, 5], [15, 8], [15, 12], [20, 15]], "cifar10-c": [[6, 1], [6, 1.5], [6, 2], [8, 2], [9, 2.5]]}""",
        ["zoom_blur"] = """{"imagenet-c": [[1.11, 0.01], [1.16, 0.01], [1.21, 0.02], [1.26, 0.02], [1.31, 0.03]], "cifar10-c": [[1.06, 0.01], [1.11, 0.01], [1.16, 0.01], [1.21, 0.01], [1.26, 0.01]]}""",
        ["snow"] = """
            {"imagenet-c": [[0.1, 0.3, 3, 0.5, 10, 4, 0.8], [0.2, 0.3, 2, 0.5, 12, 4, 0.7], [0.55, 0.3, 4, 0.9, 12, 8, 0.7], [0.55, 0.3, 4.5, 0.85, 12, 8, 0.65], [0.55, 0.3, 2.5, 0.85, 12, 12, 0.55]],
             "cifar10-c": [[0.1, 0.2, 1, 0.6, 8, 3, 0.95], [0.1, 0.2, 1, 0.5, 10, 4, 0.9], [0.15, 0.3, 1.75, 0.55, 10, 4, 0.9], [0.25, 0.3, 2.25, 0.6, 12, 6, 0.85], [0.3, 0.3, 1.25, 0.65, 14, 12, 0.8]]}
            """,
        ["frost"] = """{"imagenet-c": [[1, 0.4], [0.8, 0.6], [0.7, 0.7], [0.65, 0.7], [0.6, 0.75]], "cifar10-c": [[1, 0.2], [1, 0.3], [0.9, 0.4], [0.85, 0.4], [0.75, 0.45]]}""",
        ["fog"] = """{"imagenet-c": [[1.5, 2], [2, 2], [2.5, 1.7], [2.5, 1.5], [3, 1.4]], "cifar10-c": [[0.2, 3], [0.5, 3], [0.75, 2.5], [1, 2], [1.5, 1.75]]}""",
        ["brightness"] = """{"imagenet-c": [0.1, 0.2, 0.3, 0.4, 0.5], "cifar10-c": [0.05, 0.1, 0.15, 0.2, 0.3]}""",
        ["contrast"] = """{"imagenet-c": [0.4, 0.3, 0.2, 0.1, 0.05], "cifar10-c": [0.75, 0.5, 0.4, 0.3, 0.15]}""",
        ["elastic_transform"] = """{"imagenet-c": [[2, 0.7, 0.1], [2, 0.08, 0.2], [0.05, 0.01, 0.02], [0.07, 0.01, 0.02], [0.12, 0.01, 0.02]], "cifar10-c": [[0, 0, 0.08], [0.05, 0.2, 0.07], [0.08, 0.06, 0.06], [0.1, 0.04, 0.05], [0.1, 0.03, 0.03]]}""",
        ["pixelate"] = """{"imagenet-c": [0.6, 0.5, 0.4, 0.3, 0.25], "cifar10-c": [0.95, 0.9, 0.85, 0.75, 0.65]}""",
        ["jpeg_compression"] = """{"imagenet-c": [25, 18, 15, 10, 7], "cifar10-c": [80, 65, 58, 50, 40]}""",
        ["speckle_noise"] = """{"imagenet-c": [0.15, 0.2, 0.35, 0.45, 0.6], "cifar10-c": [0.06, 0.1, 0.12, 0.16, 0.2]}""",
        ["gaussian_blur"] = """{"imagenet-c": [1, 2, 3, 4, 6], "cifar10-c": [0.4, 0.6, 0.7, 0.8, 1]}""",
        ["spatter"] = """
            {"imagenet-c": [[0.65, 0.3, 4, 0.69, 0.6, 0], [0.65, 0.3, 3, 0.68, 0.6, 0], [0.65, 0.3, 2, 0.68, 0.5, 0], [0.65, 0.3, 1, 0.65, 1.5, 1], [0.67, 0.4, 1, 0.65, 1.5, 1]],
             "cifar10-c": [[0.62, 0.1, 0.7, 0.7, 0.5, 0], [0.65, 0.1, 0.8, 0.7, 0.5, 0], [0.65, 0.3, 1, 0.69, 0.5, 0], [0.65, 0.1, 0.7, 0.69, 0.6, 1], [0.65, 0.1, 0.5, 0.68, 0.6, 1]]}
            """,
        ["saturate"] = """{"imagenet-c": [[0.3, 0], [0.1, 0], [2, 0], [5, 0.1], [20, 0.2]], "cifar10-c": [[0.3, 0], [0.1, 0], [1.5, 0], [2, 0.1], [2.5, 0.2]]}""",
    };

    private static readonly CorruptionCatalog Catalog = DefaultCorruptions.Create();

    public static TheoryData<string> Names => [.. CorruptionCatalog.Benchmark.Concat(CorruptionCatalog.Extra)];

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>A smooth colour image on uint8 levels with some texture, so that every corruption has work to do.</summary>
    private static float[] Image(ImageShape shape)
    {
        var image = new float[shape.Length];
        var random = new Random(7);
        for (var i = 0; i < image.Length; i++)
        {
            var pixel = i % (shape.Height * shape.Width);
            var level = (40 + (pixel % shape.Width * 3) + (pixel / shape.Width * 2) + random.Next(30)) % 256;
            image[i] = level / 255f;
        }

        return image;
    }

    private static float[] Run(ICorruption corruption, float[] image, ImageShape shape, int severity, CorruptionPreset preset)
    {
        var output = new float[shape.Length];
        corruption.Apply(image, shape, severity, preset, new Random(1234 + severity), output);
        return output;
    }

    [Fact]
    public void DocumentedTables_CoverEveryCorruption()
    {
        Assert.Equal(Catalog.Names.Order(StringComparer.Ordinal), DocumentedTables.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WithParameters_DocumentedDefaultTable_IsBitIdenticalToTheDefault(string name)
    {
        var original = Catalog.Get(name);
        var tuned = ((ITunableCorruption)original).WithParameters(Json(DocumentedTables[name]), $"test.{name}");

        Assert.NotSame(original, tuned);
        Assert.Equal(name, tuned.Name);
        foreach (var (preset, size) in new[] { (CorruptionPreset.Cifar10C, 32), (CorruptionPreset.ImageNetC, 48) })
        {
            var shape = new ImageShape(3, size, size);
            var image = Image(shape);
            for (var severity = 1; severity <= 5; severity++)
            {
                Assert.Equal(Run(original, image, shape, severity, preset), Run(tuned, image, shape, severity, preset));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WithParameters_ChangedSeverityFive_ChangesOnlyThatPresetAndSeverity(string name)
    {
        // Severity 1 of each preset, in place of severity 5 of CIFAR-10-C: a shift the mapping must honour.
        using var documented = JsonDocument.Parse(DocumentedTables[name]);
        var cifar = documented.RootElement.GetProperty("cifar10-c").EnumerateArray().Select(e => e.GetRawText()).ToArray();
        var imagenet = documented.RootElement.GetProperty("imagenet-c").EnumerateArray().Select(e => e.GetRawText()).ToArray();
        cifar[4] = imagenet[0] != cifar[4] ? imagenet[0] : imagenet[4];
        var tuned = ((ITunableCorruption)Catalog.Get(name)).WithParameters(Json($$"""{"cifar10-c": [{{string.Join(", ", cifar)}}]}"""), "test");
        var original = Catalog.Get(name);
        var shape = new ImageShape(3, 32, 32);
        var image = Image(shape);

        Assert.Equal(Run(original, image, shape, 4, CorruptionPreset.Cifar10C), Run(tuned, image, shape, 4, CorruptionPreset.Cifar10C));
        Assert.Equal(Run(original, image, shape, 5, CorruptionPreset.ImageNetC), Run(tuned, image, shape, 5, CorruptionPreset.ImageNetC));
        Assert.NotEqual(Run(original, image, shape, 5, CorruptionPreset.Cifar10C), Run(tuned, image, shape, 5, CorruptionPreset.Cifar10C));
    }

    [Fact]
    public void GaussianNoise_SigmaZero_ReturnsTheInput()
    {
        var shape = new ImageShape(3, 32, 32);
        var image = Image(shape);
        var tuned = new GaussianNoise().WithParameters(Json("""{"cifar10-c": [0, 0, 0, 0, 0]}"""), "test");

        Assert.Equal(image, Run(tuned, image, shape, 3, CorruptionPreset.Cifar10C));
        Assert.NotEqual(image, Run(new GaussianNoise(), image, shape, 3, CorruptionPreset.Cifar10C));
    }

    [Fact]
    public void Contrast_FactorOne_ReturnsTheInputUpToDoubleRounding()
    {
        var shape = new ImageShape(3, 32, 32);
        var image = Image(shape);
        var tuned = new Contrast().WithParameters(Json("""{"imagenet-c": [1, 1, 1, 1, 1]}"""), "test");

        var output = Run(tuned, image, shape, 2, CorruptionPreset.ImageNetC);

        // (x - m) * 1 + m is x only up to float64 rounding, as in numpy: a value one ulp below a
        // level can then truncate to the level below, so levels are not compared exactly.
        Assert.All(image.Zip(output), p => Assert.Equal(p.First, p.Second, 1e-6f));
        Assert.NotEqual(image, Run(new Contrast(), image, shape, 2, CorruptionPreset.ImageNetC));
    }

    [Fact]
    public void Contrast_LowerFactor_ShrinksTheSpread()
    {
        var shape = new ImageShape(3, 32, 32);
        var image = Image(shape);
        var half = Run(new Contrast().WithParameters(Json("""{"cifar10-c": [0.5, 0.5, 0.5, 0.5, 0.5]}"""), "test"), image, shape, 1, CorruptionPreset.Cifar10C);
        var tenth = Run(new Contrast().WithParameters(Json("""{"cifar10-c": [0.1, 0.1, 0.1, 0.1, 0.1]}"""), "test"), image, shape, 1, CorruptionPreset.Cifar10C);

        Assert.True(Spread(tenth) < Spread(half) * 0.3, $"{Spread(tenth)} vs {Spread(half)}");

        static double Spread(float[] x) => x.Max() - x.Min();
    }

    [Fact]
    public void Brightness_ZeroShift_ReturnsTheInputUpToTheHsvRoundTrip()
    {
        var shape = new ImageShape(3, 32, 32);
        var image = Image(shape);
        var tuned = new Brightness().WithParameters(Json("""{"cifar10-c": [0, 0, 0, 0, 0]}"""), "test");

        var output = Run(tuned, image, shape, 5, CorruptionPreset.Cifar10C);

        Assert.All(image.Zip(output), p => Assert.Equal(p.First, p.Second, 1e-5f));
        Assert.True(Run(new Brightness(), image, shape, 5, CorruptionPreset.Cifar10C).Average() > output.Average() + 0.1);
    }

    [Fact]
    public void JpegCompression_HigherQuality_ChangesTheBytesAndStaysCloser()
    {
        var shape = new ImageShape(3, 32, 32);
        var image = Image(shape);
        var tuned = new JpegCompression().WithParameters(Json("""{"imagenet-c": [95, 95, 95, 95, 95]}"""), "test");

        var best = Run(tuned, image, shape, 5, CorruptionPreset.ImageNetC);
        var worst = Run(new JpegCompression(), image, shape, 5, CorruptionPreset.ImageNetC);

        Assert.NotEqual(worst, best);
        Assert.True(Error(best) < Error(worst), $"{Error(best)} vs {Error(worst)}");

        double Error(float[] x) => x.Zip(image).Average(p => Math.Abs(p.First - p.Second));
    }

    [Fact]
    public void Frost_Retuned_SharesTheTexturesAndUsesTheNewWeights()
    {
        var shape = new ImageShape(3, 32, 32);
        var image = Image(shape);
        var tuned = new Frost(new EmbeddedFrostTextureSource()).WithParameters(Json("""{"cifar10-c": [[1, 0], [1, 0], [1, 0], [1, 0], [1, 0]]}"""), "test");

        // Image weight 1 and no frost: the input back (on its levels).
        Assert.Equal(image, Run(tuned, image, shape, 5, CorruptionPreset.Cifar10C));
    }

    [Theory]
    [InlineData("gaussian_noise", """{"imagenet-c": [0.1, 0.2, 0.3, 0.4]}""", "t.imagenet-c: must be an array of exactly 5 severities; got 4 entries")]
    [InlineData("gaussian_noise", """{"imagenet-c": [0.1, 0.2, "NaN", 0.4, 0.5]}""", "t.imagenet-c[2]: must be a number (sigma)")]
    [InlineData("gaussian_noise", """{"imagenet-c": [0.1, 0.2, -0.3, 0.4, 0.5]}""", "t.imagenet-c[2]: sigma must be a finite number in [0, inf)")]
    [InlineData("gaussian_noise", """{"cifar10-c": [0.1, 0.2, 1e400, 0.4, 0.5]}""", "t.cifar10-c[2]: sigma must be a finite number")]
    [InlineData("gaussian_noise", """{"imagenet": [0.1, 0.2, 0.3, 0.4, 0.5]}""", "t: unknown preset 'imagenet'")]
    [InlineData("gaussian_noise", """[0.1, 0.2, 0.3, 0.4, 0.5]""", "t: must be an object")]
    [InlineData("defocus_blur", """{"cifar10-c": [[1, 0.1], [1, 0.1], [1], [1, 0.1], [1, 0.1]]}""", "t.cifar10-c[2]: must be an array of 2 numbers [radius, alias sigma]; got 1 numbers")]
    [InlineData("defocus_blur", """{"cifar10-c": [[1, 0.1], [1, 0.1], 1, [1, 0.1], [1, 0.1]]}""", "t.cifar10-c[2]: must be an array of 2 numbers")]
    [InlineData("defocus_blur", """{"cifar10-c": [[1, 0.1], [1, 0.1], [0, 0.1], [1, 0.1], [1, 0.1]]}""", "t.cifar10-c[2][0]: radius must be a finite number in (0, inf)")]
    [InlineData("jpeg_compression", """{"cifar10-c": [80, 65, 101, 50, 40]}""", "t.cifar10-c[2]: quality must be an integer in [1, 100]")]
    [InlineData("jpeg_compression", """{"cifar10-c": [80, 65, 58.5, 50, 40]}""", "t.cifar10-c[2]: quality must be an integer in [1, 100]")]
    [InlineData("impulse_noise", """{"cifar10-c": [0.1, 0.2, 1.5, 0.4, 0.5]}""", "t.cifar10-c[2]: amount must be a finite number in [0, 1]")]
    [InlineData("spatter", """{"cifar10-c": [[0.62, 0.1, 0.7, 0.7, 0.5, 0], [0.65, 0.1, 0.8, 0.7, 0.5, 0], [0.65, 0.3, 1, 0.69, 0.5, 2], [0.65, 0.1, 0.7, 0.69, 0.6, 1], [0.65, 0.1, 0.5, 0.68, 0.6, 1]]}""", "t.cifar10-c[2][5]: mud must be an integer in [0, 1]")]
    [InlineData("snow", """{"cifar10-c": [[0.1, 0.2, 1, 0.6, 8, 3, 0.95], [0.1, 0.2, 1, 0.6, 8, 3, 0.95], [0.1, 0.2, 1, 0.6, 8, 3], [0.1, 0.2, 1, 0.6, 8, 3, 0.95], [0.1, 0.2, 1, 0.6, 8, 3, 0.95]]}""", "t.cifar10-c[2]: must be an array of 7 numbers [mean, sd, zoom, threshold, blur radius, blur sigma, blend]")]
    [InlineData("zoom_blur", """{"cifar10-c": [[1.06, 0.01], [1.06, 0.01], [1.06, 0.000001], [1.06, 0.01], [1.06, 0.01]]}""", "t: (end - 1) / step must be at most 1000 zoom factors")]
    public void WithParameters_BadTable_ThrowsNamingTheEntry(string name, string json, string expected)
    {
        var error = Assert.Throws<CloudFreqException>(() => ((ITunableCorruption)Catalog.Get(name)).WithParameters(Json(json), "t"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTables_UnknownCorruption_ThrowsWithTheKnownList()
    {
        var tables = new Dictionary<string, JsonElement> { ["gausian_noise"] = Json("""{"cifar10-c": [0, 0, 0, 0, 0]}""") };

        var error = Assert.Throws<CloudFreqException>(() => Catalog.WithTables(tables, "suite.json: tables"));

        Assert.Contains("suite.json: tables: corruption 'gausian_noise' is unknown; known: gaussian_noise, shot_noise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTables_OneTable_ReplacesOnlyThatCorruption()
    {
        var tables = new Dictionary<string, JsonElement> { ["contrast"] = Json("""{"cifar10-c": [1, 1, 1, 1, 1]}""") };

        var tuned = Catalog.WithTables(tables, "t");

        Assert.Equal(Catalog.Names, tuned.Names);
        Assert.NotSame(Catalog.Get("contrast"), tuned.Get("contrast"));
        Assert.Same(Catalog.Get("fog"), tuned.Get("fog"));
    }
}
