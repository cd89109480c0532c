using System.Security.Cryptography;
using System.Text.Json;
using CloudFreq.Core.AdditiveNoise;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Tests.Analyses;

/// <summary>
/// The noise sweep as an analysis: each image's noise does not depend on its batch or item, partials merge
/// associatively, level_half interpolates as hand-computed, and the suite fields are read and checked.
/// </summary>
public sealed class NoiseSweepAnalysisTests
{
    private static readonly ImageShape Shape = new(3, 8, 8);

    [Fact]
    public void Execute_DifferentBatchAndItemSizes_ScoreTheSameNoisyImages()
    {
        var (images, labels) = Images(23);
        var analysis = new NoiseSweepAnalysis(Options("""{ "levels": { "gaussian": [0, 0.1], "uniform": [0.2], "salt-pepper": [0.3] } }"""));
        var small = new RecordingClassifier(Shape, batchSize: 3);
        var large = new RecordingClassifier(Shape, batchSize: 16);

        var smallSummary = FourierHeatmapAnalysisTests.Run(analysis, Shape, images, labels, small, itemSize: 5);
        var largeSummary = FourierHeatmapAnalysisTests.Run(analysis, Shape, images, labels, large, itemSize: 100);

        // Image 7 is at position 1 of the third batch of item 2 in one run, at position 7 of the first batch in the other.
        Assert.Equal(23 * (1 + 2 + 1 + 1), small.Scored.Count);
        Assert.Equal(large.Scored.Order(StringComparer.Ordinal), small.Scored.Order(StringComparer.Ordinal));
        Assert.Equal(
            largeSummary.Rows.Select(r => (r.Condition, r.Metric, r.Value, r.N)),
            smallSummary.Rows.Select(r => (r.Condition, r.Metric, r.Value, r.N)));

        // Each image its own noise: the 23 noisy images of one condition all differ.
        Assert.True(small.Scored.Distinct(StringComparer.Ordinal).Count() >= 23 * 4);
    }

    [Fact]
    public void Partials_MergeAssociatively_AndRoundTripThroughJson()
    {
        NoiseSweepPartial Partial(int a, int b)
        {
            var counts = new ConditionCounts();
            counts.Add(string.Empty, a, b);
            counts.Add(NoiseSweepAnalysis.Condition("gaussian", 0.1), a, b / 2);
            return new NoiseSweepPartial(counts);
        }

        var (x, y, z) = (Partial(10, 9), Partial(7, 3), Partial(5, 5));
        var left = x.Merge(y).Merge(z);
        var right = x.Merge(y.Merge(z));

        Assert.Equal(JsonSerializer.Serialize<AnalysisPartial>(left), JsonSerializer.Serialize<AnalysisPartial>(right));
        var json = JsonSerializer.Serialize<AnalysisPartial>(left);
        Assert.Contains("\"kind\":\"noise\"", json, StringComparison.Ordinal);
        Assert.Equal([22L, 17L], ((NoiseSweepPartial)JsonSerializer.Deserialize<AnalysisPartial>(json)!).Counts.Counts[string.Empty]);
    }

    [Fact]
    public void Summarize_LevelHalf_InterpolatesAsHandComputed_AndIsEmptyWhenNeverReached()
    {
        // 10 classes: chance 0.1; clean 0.9, so half-way is 0.5. Gaussian 0.9, 0.7, 0.4, 0.2 at 0, 0.1, 0.2, 0.3:
        // between 0.1 (0.7) and 0.2 (0.4), 0.1 + (0.7 - 0.5) / (0.7 - 0.4) x 0.1 = 0.1667. Uniform never falls below 0.6.
        var analysis = new NoiseSweepAnalysis(Options("""{ "families": ["gaussian", "uniform"], "levels": { "gaussian": [0, 0.1, 0.2, 0.3], "uniform": [0, 0.5] } }"""));
        var counts = new ConditionCounts();
        counts.Add(string.Empty, 100, 90);
        foreach (var (level, correct) in new[] { (0.0, 90L), (0.1, 70L), (0.2, 40L), (0.3, 20L) })
        {
            counts.Add(NoiseSweepAnalysis.Condition("gaussian", level), 100, correct);
        }

        counts.Add(NoiseSweepAnalysis.Condition("uniform", 0), 100, 90);
        counts.Add(NoiseSweepAnalysis.Condition("uniform", 0.5), 100, 60);
        var classes = Enumerable.Range(0, 10).Select(c => $"c{c}").ToList();

        var rows = analysis.Summarize(new NoiseSweepPartial(counts), new AnalysisSubject("d", "m", classes)).Rows;

        var gaussian = rows.Single(r => r.Condition == "noise=gaussian" && r.Metric == "level_half");
        Assert.Equal(0.1 + (0.2 / 0.3 * 0.1), gaussian.Value!.Value, 12);
        Assert.Equal(100, gaussian.N);
        Assert.Null(rows.Single(r => r.Condition == "noise=uniform" && r.Metric == "level_half").Value);
        Assert.Equal(0.4, rows.Single(r => r.Condition == "noise=gaussian;level=0.2" && r.Metric == "accuracy").Value);
        Assert.All(rows, r => Assert.Equal("noise", r.Analysis));
    }

    [Fact]
    public void Options_Defaults_AreTheDesignGrids()
    {
        var options = Options("{}");

        Assert.Equal(["gaussian", "uniform", "salt-pepper"], options.Families.Select(f => f.Name));
        Assert.Equal([0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3], options.Families[0].Levels);
        Assert.Equal([0, 0.03, 0.05, 0.1, 0.2, 0.35, 0.6, 0.9], options.Families[1].Levels);
        Assert.Equal([0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5], options.Families[2].Levels);
        Assert.True(options.Quantize);
        Assert.False(options.Grayscale);
        Assert.Equal(1, options.Contrast);
    }

    [Theory]
    [InlineData("""{ "levels": { "pink": [0.1] } }""", "levels.pink: unknown noise family")]
    [InlineData("""{ "levels": { "salt-pepper": [1.5] } }""", "levels.salt-pepper must be")]
    [InlineData("""{ "families": ["uniform"], "levels": { "gaussian": [0.1] } }""", "levels.gaussian: the family is not in 'families'")]
    [InlineData("""{ "contrast": 0 }""", "field 'contrast'")]
    [InlineData("""{ "sigma": [0.1] }""", "unknown field 'sigma'")]
    public void Options_InvalidFields_AreRejectedByName(string json, string message)
    {
        var error = Assert.Throws<CloudFreqException>(() => Options(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cost_IsTheCleanImagesAndOneScoringPerFamilyAndLevel()
    {
        var analysis = new NoiseSweepAnalysis(Options("""{ "families": ["gaussian", "salt-pepper"], "levels": { "gaussian": [0, 0.1, 0.2] } }"""));

        var cost = analysis.Cost(new AnalysisItem("0000000", 0, 10), new AnalysisCostContext(Shape, 10));

        Assert.Equal(10 * (1 + 3 + NoiseFamilies.DefaultLevels(NoiseFamily.SaltPepper).Count), cost.Passes.Forward);
    }

    private static NoiseSweepOptions Options(string json) =>
        NoiseSweepOptions.From(new AnalysisParameters(JsonDocument.Parse(json).RootElement.Clone(), "test"));

    private static (List<float[]> Images, int[] Labels) Images(int count)
    {
        var random = new Random(3);
        var labels = Enumerable.Range(0, count).Select(i => i % 2).ToArray();
        var images = labels.Select(label => Enumerable.Range(0, Shape.Length)
            .Select(_ => (label == 0 ? 0.35f : 0.65f) + (float)((random.NextDouble() - 0.5) * 0.1)).ToArray()).ToList();
        return (images, labels);
    }

    /// <summary>Two classes by the image's mean (above 0.5: class 1); records a hash of every image it scores.</summary>
    private sealed class RecordingClassifier(ImageShape shape, int batchSize) : IClassifier
    {
        public List<string> Scored { get; } = [];

        public ImageShape InputShape => shape;

        public int ClassCount => 2;

        public int BatchSize => batchSize;

        public void Score(ReadOnlySpan<float> images, int count, Span<float> logits, CancellationToken cancellationToken = default)
        {
            for (var i = 0; i < count; i++)
            {
                var image = images.Slice(i * shape.Length, shape.Length);
                Scored.Add(Convert.ToHexString(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(image))));
                var mean = 0f;
                foreach (var value in image)
                {
                    mean += value / shape.Length;
                }

                logits[2 * i] = 0.5f - mean;
                logits[(2 * i) + 1] = mean - 0.5f;
            }
        }
    }
}
