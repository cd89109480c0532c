using CloudFreq.Core.Analyses;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Analyses;

public class CorruptionsSummaryTests
{
    private sealed class NamedCorruption(string name) : ICorruption
    {
        public string Name => name;

        public bool UsesRandomness => false;

        public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination) =>
            image.CopyTo(destination);
    }

    private static readonly CorruptionCatalog Catalog =
        new(CorruptionCatalog.Benchmark.Concat(CorruptionCatalog.Extra).Select(n => new NamedCorruption(n)));

    private static CorruptionsPartial Partial(CorruptionPreset preset, Func<string, int, double> accuracy, double clean)
    {
        var counts = new ConditionCounts();
        counts.Add(string.Empty, 1000, (long)Math.Round(clean * 1000));
        foreach (var name in Catalog.Names)
        {
            for (var severity = 1; severity <= 5; severity++)
            {
                counts.Add(CorruptionsAnalysis.Condition(name, severity), 1000, (long)Math.Round(accuracy(name, severity) * 1000));
            }
        }

        return new CorruptionsPartial(counts, preset);
    }

    private static CorruptionsAnalysis Analysis() =>
        new(CorruptionsOptions.From(AnalysisParameters.Empty("test"), Catalog.Names), Catalog);

    private static double? Value(AnalysisSummary summary, string condition, string metric) =>
        summary.Rows.Single(r => r.Condition == condition && r.Metric == metric).Value;

    [Fact]
    public void Summarize_ImageNetPreset_ComputesMceAgainstAlexNet()
    {
        // Error 0.5 everywhere: CE(c) = 0.5 / AlexNet(c); relative CE(c) = (0.5 - 0.2) / (AlexNet(c) - 0.4345).
        var summary = Analysis().Summarize(
            Partial(CorruptionPreset.ImageNetC, (_, _) => 0.5, clean: 0.8),
            new AnalysisSubject("d", "m", [.. Enumerable.Range(0, 10).Select(i => $"c{i}")]));

        var expectedMce = CorruptionCatalog.AlexNetErrors.Values.Average(alex => 0.5 / alex);
        var expectedRelative = CorruptionCatalog.AlexNetErrors.Values.Average(alex => 0.3 / (alex - CorruptionCatalog.AlexNetCleanError));
        Assert.Equal(expectedMce, Value(summary, string.Empty, "mce")!.Value, 9);
        Assert.Equal(expectedRelative, Value(summary, string.Empty, "relative_mce")!.Value, 9);
        Assert.Equal(0.5 / .564592, Value(summary, "corruption=brightness", "ce")!.Value, 9);
    }

    [Fact]
    public void Summarize_GroupsSeveritiesAndExtras_AverageTheRightCells()
    {
        // Accuracy = 0.9 - 0.1 * severity for noise corruptions, 0.6 otherwise.
        static double Accuracy(string name, int severity) =>
            CorruptionCatalog.GroupOf(name) == CorruptionGroup.High ? 0.9 - (0.1 * severity) : 0.6;

        var summary = Analysis().Summarize(Partial(CorruptionPreset.Cifar10C, Accuracy, clean: 0.9), new AnalysisSubject("d", "m", ["a", "b"]));

        Assert.Equal(0.6, Value(summary, "group=high", "accuracy")!.Value, 9);
        Assert.Equal(0.6, Value(summary, "group=low", "accuracy")!.Value, 9);
        Assert.Equal(((3 * 0.8) + (12 * 0.6)) / 15, Value(summary, "severity=1", "accuracy")!.Value, 9);
        Assert.Equal(0.6, Value(summary, "set=extra", "mean_accuracy")!.Value, 9);
        Assert.Equal(0.6, Value(summary, "corruption=fog", "accuracy")!.Value, 9);
        Assert.Equal(0.6, Value(summary, "corruption=shot_noise", "accuracy")!.Value, 9);
        Assert.Equal(0.4, Value(summary, "corruption=shot_noise;severity=5", "accuracy")!.Value, 9);
        // No AlexNet baseline for CIFAR-10-C: mCE is empty, not made up.
        Assert.Null(Value(summary, string.Empty, "mce"));
        Assert.DoesNotContain(summary.Rows, r => r.Metric == "ce");
    }
}
