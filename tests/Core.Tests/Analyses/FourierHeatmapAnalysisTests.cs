using System.Numerics;
using System.Text.Json;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests.Analyses.Fakes;

namespace CloudFreq.Core.Tests.Analyses;

/// <summary>
/// The Fourier heat map: a classifier blind to one frequency band shows exactly that band; the half plane
/// mirrored equals every cell computed on its own; basis images are unit-L2 cosines of their frequency; counts
/// do not depend on item, block or batch sizes, and partials merge and round-trip through JSON.
/// </summary>
public sealed class FourierHeatmapAnalysisTests
{
    private const long Seed = 11;

    [Fact]
    public void BandBlindClassifier_ErrorIsOneExactlyInItsBand()
    {
        // 16 x 16 images of mean 0.3 (class 0) or 0.7 (class 1) with faint noise; v = 2 never clips.
        var shape = new ImageShape(1, 16, 16);
        var (images, labels) = MeanCodedImages(shape, 12);
        var classifier = new BandBlindClassifier(shape, lowCutoff: 0.4, highCutoff: 0.6, threshold: 100);
        var analysis = new FourierHeatmapAnalysis(Options("""{ "v": 2 }"""));

        var summary = Run(analysis, shape, images, labels, classifier, itemSize: 5);

        Assert.Equal(1.0, Value(summary, string.Empty, "accuracy"));
        Assert.Equal(2.0, Value(summary, string.Empty, "perturbation_l2"));
        var cells = summary.Rows.Where(r => r.Metric == "error_rate" && r.Condition.StartsWith("fy=", StringComparison.Ordinal)).ToList();
        Assert.Equal(256, cells.Count);
        var inBand = 0;
        foreach (var row in cells)
        {
            var pairs = ResultCondition.Parse(row.Condition);
            Assert.Equal(["fy", "fx"], pairs.Select(p => p.Key));
            var fy = double.Parse(pairs[0].Value, System.Globalization.CultureInfo.InvariantCulture);
            var fx = double.Parse(pairs[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var c = Math.Sqrt((fy * fy) + (fx * fx));
            var blind = c is >= 0.4 and <= 0.6;
            inBand += blind ? 1 : 0;
            Assert.True((blind ? 1.0 : 0.0) == row.Value, $"{row.Condition}: c {c}, error {row.Value}");
            Assert.Equal(12, row.N);
        }

        Assert.True(inBand > 20);
        Assert.Equal(0.0, Value(summary, "band=low", "error_rate"));
        Assert.Equal(0.0, Value(summary, "band=high", "error_rate"));
        Assert.InRange(Value(summary, "band=mid", "error_rate"), 0.3, 1);
        Assert.Equal(inBand / 256.0, Value(summary, "band=all", "error_rate"), 12);
    }

    [Fact]
    public void HalfPlaneMirrored_EqualsEveryCellComputedOnItsOwn()
    {
        // Random images in a clipping-heavy regime, a random linear classifier: the outcome depends on the signs and the clipping.
        var shape = new ImageShape(3, 8, 7);
        var random = new Random(5);
        var images = Enumerable.Range(0, 10).Select(_ => Enumerable.Range(0, shape.Length).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var classifier = new LinearClassifier(shape, seed: 9);
        var labels = images.Select(classifier.Predict).Select((p, i) => i % 3 == 0 ? 1 - p : p).ToArray();
        var options = Options("""{ "v": 3, "block_size": 7 }""");

        var half = Run(new FourierHeatmapAnalysis(options), shape, images, labels, classifier, itemSize: 4);
        var full = Run(new FourierHeatmapAnalysis(options with { MirrorHalfPlane = false }), shape, images, labels, classifier, itemSize: 4);

        Assert.Equal(29, new FourierHeatmapAnalysis(options).Layout(shape).BasisCount);
        Assert.Equal(56, new FourierHeatmapAnalysis(options with { MirrorHalfPlane = false }).Layout(shape).BasisCount);
        var halfCells = half.Rows.Where(r => r.Metric == "error_rate").Select(r => (r.Condition, r.Value, r.N)).ToList();
        Assert.Equal(56 + 4, halfCells.Count);
        Assert.Equal(halfCells, full.Rows.Where(r => r.Metric == "error_rate").Select(r => (r.Condition, r.Value, r.N)));
        Assert.Contains(halfCells, cell => cell.Value is > 0.1 and < 0.9);
        Assert.True(halfCells.Select(c => c.Value).Distinct().Count() > 3, "the map is not flat");
    }

    [Theory]
    [InlineData(8, 7)]
    [InlineData(16, 16)]
    [InlineData(9, 12)]
    public void BasisImages_AreUnitL2CosinesOfTheirFrequency_AndMirrorsAreTheSameImage(int height, int width)
    {
        var basis = new FourierHeatmapBasis(height, width, window: 99);
        var textbook = new FourierHeatmapBasis(height, width, window: 99, mirror: false);
        var fft = new Fft2D(height, width);
        var plane = new float[height * width];
        var mirrored = new float[height * width];
        var single = new float[height * width];
        var spectrum = new Complex[height * width];
        Assert.Equal(height * width, basis.CellCount);
        for (var bin = 0; bin < height * width; bin++)
        {
            basis.BasisImage(bin, fft, plane);
            basis.BasisImage(basis.MirrorBin(bin), fft, mirrored);
            textbook.BasisImage(bin, fft, single);
            Assert.Equal(plane, mirrored);
            for (var i = 0; i < plane.Length; i++)
            {
                Assert.True(Math.Abs(plane[i] - single[i]) <= 1e-6, $"bin {bin}: textbook basis differs at {i}");
            }

            Assert.Equal(1.0, Math.Sqrt(plane.Sum(x => (double)x * x)), 6);
            fft.Forward(plane, spectrum);
            var peak = new HashSet<int> { bin, basis.MirrorBin(bin) };
            var power = spectrum.Select(z => z.Magnitude * z.Magnitude).ToArray();
            var total = power.Sum();
            Assert.True(peak.Sum(b => power[b]) > total * (1 - 1e-9), $"bin {bin}: power off its frequency");
            if (peak.Count == 2)
            {
                Assert.Equal(power[bin], power[basis.MirrorBin(bin)], 6);
            }
        }
    }

    [Fact]
    public void Layout_DefaultsFollowTheImageSize()
    {
        var analysis = new FourierHeatmapAnalysis(FourierHeatmapOptions.Default);
        var cifar = analysis.Layout(new ImageShape(3, 32, 32));
        Assert.Equal((32, 32, 514), (cifar.Ky.Count, cifar.Kx.Count, cifar.BasisCount));
        Assert.Equal((-16, 15), (cifar.Ky[0], cifar.Ky[^1]));
        Assert.Equal(4.0, FourierHeatmapOptions.Default.ResolveV(new ImageShape(3, 32, 32)));

        var imagenet = analysis.Layout(new ImageShape(3, 224, 224));
        Assert.Equal((63, 63, 1985), (imagenet.Ky.Count, imagenet.Kx.Count, imagenet.BasisCount));
        Assert.Equal((-31, 31), (imagenet.Kx[0], imagenet.Kx[^1]));
        Assert.Equal(15.7, FourierHeatmapOptions.Default.ResolveV(new ImageShape(3, 224, 224)));

        // A window's transform ids are the canonical bins: the same frequency gets the same id in every window.
        var small = new FourierHeatmapBasis(224, 224, 9);
        var id = small.TransformId(small.BasisOf(2, 7));
        Assert.Equal(id, imagenet.TransformId(imagenet.BasisOf(31 - 2, 31 + 3)));
        Assert.Equal(id, imagenet.TransformId(imagenet.BasisOf(31 + 2, 31 - 3)));
    }

    [Fact]
    public void Counts_DoNotDependOnItemBlockOrBatchSizes_AndPartialsRoundTrip()
    {
        var shape = new ImageShape(3, 8, 8);
        var random = new Random(3);
        var images = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, shape.Length).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var classifier = new LinearClassifier(shape, seed: 4);
        var labels = images.Select(classifier.Predict).Select((p, i) => i % 2 == 0 ? 1 - p : p).ToArray();

        var small = Run(new FourierHeatmapAnalysis(Options("""{ "v": 3, "block_size": 5 }""")), shape, images, labels, classifier with { BatchSize = 2 }, itemSize: 2);
        var large = Run(new FourierHeatmapAnalysis(Options("""{ "v": 3, "block_size": 64 }""")), shape, images, labels, classifier with { BatchSize = 16 }, itemSize: 100);

        Assert.Equal(large.Rows, small.Rows);
        Assert.Equal(9, small.Rows.Single(r => r.Metric == "accuracy").N);
    }

    [Fact]
    public void Plan_FansOutBlocksTimesImageRanges_WithParsableKeys()
    {
        var shape = new ImageShape(1, 8, 8);
        var (images, labels) = MeanCodedImages(shape, 7);
        using var dataset = new InMemoryDataset(shape, images, labels, classCount: 2);
        var analysis = new FourierHeatmapAnalysis(Options("""{ "images": 5, "block_size": 10 }"""));

        var items = analysis.Plan(new AnalysisPlanContext(dataset, ItemSize: 2, RunSeed: Seed));

        // 8 x 8: (64 - 4) / 2 + 4 = 34 basis images in 4 blocks; 5 images in 3 ranges.
        Assert.Equal(12, items.Count);
        Assert.Equal(items.Count, items.Select(i => i.Key).Distinct().Count());
        Assert.Equal("b0003.0000004", items[^1].Key);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3], items.Select(i => FourierHeatmapAnalysis.ParseBlock(i.Key)));
        Assert.All(items, item => Assert.Equal(5, item.SubsetSize));
    }

    [Fact]
    public void Options_ReadAutoAndNumbers_AndRejectBadValues()
    {
        Assert.Equal(FourierHeatmapOptions.Default, Options("""{ "v": "auto", "window": "auto" }"""));
        var options = Options("""{ "images": 100, "v": 2.5, "window": 9, "block_size": 16 }""");
        Assert.Equal(new FourierHeatmapOptions(100, 2.5, 9, 16), options);
        Assert.Equal("""{"images":100,"v":2.5,"window":9,"block_size":16}""", options.ToJson().ToJsonString());
        Assert.Equal("""{"images":null,"v":"auto","window":"auto","block_size":64}""", FourierHeatmapOptions.Default.ToJson().ToJsonString());

        Assert.Contains("'window'", Assert.Throws<CloudFreqException>(() => Options("""{ "window": 8 }""")).Message, StringComparison.Ordinal);
        Assert.Contains("'v'", Assert.Throws<CloudFreqException>(() => Options("""{ "v": -1 }""")).Message, StringComparison.Ordinal);
        Assert.Contains("'v'", Assert.Throws<CloudFreqException>(() => Options("""{ "v": "big" }""")).Message, StringComparison.Ordinal);
        Assert.Contains("unknown field 'eps'", Assert.Throws<CloudFreqException>(() => Options("""{ "eps": 4 }""")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gallery_ShowsTheFirstImagePerturbedAtFrequenciesOutFromDc()
    {
        var shape = new ImageShape(3, 16, 16);
        var (images, labels) = MeanCodedImages(shape, 2);
        using var dataset = new InMemoryDataset(shape, images, labels, classCount: 2);

        var figure = new FourierHeatmapAnalysis(FourierHeatmapOptions.Default).Gallery(dataset, "memory", Seed, new ReportFigureBuilder());

        Assert.NotNull(figure);
        Assert.Equal(("gallery-fourier-heatmap-memory", "fourier-heatmap"), (figure!.Id, figure.Section));
        Assert.Contains("v = 4", figure.Caption, StringComparison.Ordinal);
        Assert.Contains("fx 0.125", figure.AltText, StringComparison.Ordinal);
        Assert.Contains("fx 0.875", figure.AltText, StringComparison.Ordinal);
    }

    internal static FourierHeatmapOptions Options(string json) =>
        FourierHeatmapOptions.From(new AnalysisParameters(JsonDocument.Parse(json).RootElement.Clone(), "test"));

    internal static (List<float[]> Images, int[] Labels) MeanCodedImages(ImageShape shape, int count)
    {
        var random = new Random(1);
        var labels = Enumerable.Range(0, count).Select(i => i % 2).ToArray();
        var images = labels.Select(label => Enumerable.Range(0, shape.Length)
            .Select(_ => (label == 0 ? 0.3f : 0.7f) + (float)((random.NextDouble() - 0.5) * 0.02)).ToArray()).ToList();
        return (images, labels);
    }

    internal static AnalysisSummary Run(IAnalysis analysis, ImageShape shape, IReadOnlyList<float[]> images, IReadOnlyList<int> labels, IClassifier classifier, int itemSize)
    {
        using var dataset = new InMemoryDataset(shape, images, labels, classCount: classifier.ClassCount);
        AnalysisPartial? merged = null;
        foreach (var item in analysis.Plan(new AnalysisPlanContext(dataset, itemSize, Seed)))
        {
            var partial = analysis.Execute(new AnalysisInput(dataset, new DatasetBatchReader(dataset, classifier.BatchSize), item, classifier, Seed, _ => 0));
            var json = JsonSerializer.Serialize(partial);
            partial = JsonSerializer.Deserialize<AnalysisPartial>(json)!;
            Assert.Equal(json, JsonSerializer.Serialize(partial));
            merged = merged is null ? partial : merged.Merge(partial);
        }

        return analysis.Summarize(merged!, new AnalysisSubject("memory", "fake", dataset.ClassNames));
    }

    private static double Value(AnalysisSummary summary, string condition, string metric) =>
        summary.Rows.Single(r => r.Condition == condition && r.Metric == metric).Value!.Value;

    /// <summary>
    /// Two classes by the image's mean (above 0.5: class 1), flipped when the image's power (mean removed) in the
    /// radial band [low, high] (fractions of Nyquist) exceeds a threshold: a model blind to that band.
    /// </summary>
    private sealed class BandBlindClassifier(ImageShape shape, double lowCutoff, double highCutoff, double threshold) : IClassifier
    {
        private readonly FrequencyGrid _grid = new(shape.Height, shape.Width);

        public ImageShape InputShape => shape;

        public int ClassCount => 2;

        public int BatchSize => 5;

        public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
        {
            var fft = new Fft2D(shape.Height, shape.Width);
            var plane = shape.Height * shape.Width;
            var spectrum = new Complex[plane];
            for (var i = 0; i < count; i++)
            {
                var image = images.Slice(i * shape.Length, shape.Length);
                double mean = 0, bandPower = 0;
                for (var c = 0; c < shape.Channels; c++)
                {
                    var channel = image.Slice(c * plane, plane);
                    fft.Forward(channel, spectrum);
                    mean += spectrum[0].Real / plane;
                    for (var b = 1; b < plane; b++)
                    {
                        if (_grid.PreciseRadii[b] >= lowCutoff && _grid.PreciseRadii[b] <= highCutoff)
                        {
                            bandPower += spectrum[b].Magnitude * spectrum[b].Magnitude;
                        }
                    }
                }

                var predicted = mean / shape.Channels > 0.5 ? 1 : 0;
                predicted = bandPower > threshold ? 1 - predicted : predicted;
                logits[2 * i] = predicted == 0 ? 1 : 0;
                logits[(2 * i) + 1] = predicted;
            }
        }
    }

    /// <summary>Two classes by the sign of a fixed random linear function of the pixels.</summary>
    private sealed record LinearClassifier : IClassifier
    {
        private readonly float[] _weights;

        public LinearClassifier(ImageShape shape, int seed)
        {
            InputShape = shape;
            var random = new Random(seed);
            _weights = [.. Enumerable.Range(0, shape.Length).Select(_ => (float)(random.NextDouble() - 0.5))];
        }

        public ImageShape InputShape { get; }

        public int ClassCount => 2;

        public int BatchSize { get; init; } = 4;

        public int Predict(float[] image) => Margin(image) > 0 ? 1 : 0;

        public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < count; i++)
            {
                var margin = Margin(images.Slice(i * InputShape.Length, InputShape.Length));
                logits[2 * i] = (float)-margin;
                logits[(2 * i) + 1] = (float)margin;
            }
        }

        private double Margin(ReadOnlySpan<float> image)
        {
            double sum = 0;
            for (var j = 0; j < image.Length; j++)
            {
                sum += _weights[j] * (image[j] - 0.5);
            }

            return sum;
        }
    }
}
