using CloudFreq.Core.Analyses;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Tests.Analyses.Fakes;

namespace CloudFreq.Core.Tests.Analyses;

/// <summary>
/// The min-perturbation analysis with a scripted attack: its perturbations are a horizontal cosine
/// at 0.25 cycles/pixel (half of Nyquist) plus the small step on pixel 0 that crosses the threshold.
/// </summary>
public sealed class MinPerturbationAnalysisTests
{
    private static readonly ImageShape Shape = new(1, 8, 8);
    private static readonly float[] Pixel0 = [0.1f, 0.45f, 0.7f, 0.52f, 0.3f, 0.95f];
    private static readonly int[] Labels = [0, 0, 1, 1, 1, 1];

    [Fact]
    public void Summarize_ReportsTheBudgetDistributionAndTheSpectrumOfThePattern()
    {
        var seen = new List<(AttackRequest Request, float Pixel0, ulong Seed, int? Target)>();
        var pattern = new float[Shape.Length];
        for (var j = 1; j < pattern.Length; j++)
        {
            pattern[j] = (float)Math.Cos(2 * Math.PI * 0.25 * (j % 8));
        }

        var analysis = new MinPerturbationAnalysis(
            MinPerturbationOptions.From(AttackAnalysisTests.Parameters("""{ "steps": 20 }""")),
            request => new ScriptedAttack(request, seen, pattern));
        var summary = Run(analysis);
        double? Value(string condition, string metric) => summary.Rows.Single(r => r.Condition == condition && r.Metric == metric).Value;

        // Image 4 (0.3, labelled 1) is wrong and not attacked; the others need |x0 - 0.5| + 0.01.
        Assert.Equal(5 / 6.0, Value(string.Empty, "accuracy")!.Value, 10);
        double[] expected = [.41, .06, .21, .03, .46];
        Assert.Equal(1.0, Value("norm=linf;targeted=true", "success_rate")!.Value, 10);
        Assert.Equal(.21, Value("norm=linf;targeted=true", "median_epsilon")!.Value, 5);
        Assert.Equal(expected.Average(), Value("norm=linf;targeted=true", "mean_epsilon")!.Value, 5);
        Assert.Equal(2 / 5.0, Value("norm=linf;targeted=true;eps=" + (16 / 255.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture), "success_rate")!.Value, 10);

        // Almost all power sits at c = 0.5: the cumulative ratio jumps there and f0.5 lies just below it.
        var fHalf = Value("norm=linf;targeted=true", "f_half")!.Value;
        Assert.InRange(fHalf, 0.36, 0.5);
        Assert.True(Value("norm=linf;targeted=true;radius=0.3", "cumulative_power") < 0.1);
        Assert.True(Value("norm=linf;targeted=true;radius=0.55", "cumulative_power") > 0.9);
        Assert.Equal(64, summary.Rows.Count(r => r.Metric == "log10_power"));
        var peak = summary.Rows.Where(r => r.Metric == "log10_power").MaxBy(r => r.Value)!;
        Assert.Contains(peak.Condition, new[] { "norm=linf;targeted=true;fy=0;fx=-0.5", "norm=linf;targeted=true;fy=0;fx=0.5" });

        // Targeted toward a random other class: with two classes, the other one.
        Assert.All(seen, s => Assert.Equal(s.Pixel0 > 0.5f ? 0 : 1, s.Target));
        Assert.All(seen, s => Assert.True(double.IsPositiveInfinity(s.Request.Epsilon)));
        Assert.All(seen, s => Assert.Equal(20, s.Request.Schedule.FmnSteps));
    }

    [Fact]
    public void RandomTarget_NeverTheLabel_AndCoversTheOtherClasses()
    {
        var targets = Enumerable.Range(0, 400).Select(i => MinPerturbationAnalysis.RandomTarget(3, $"img{i}", 4, 10)).ToArray();
        Assert.DoesNotContain(4, targets);
        Assert.Equal(9, targets.Distinct().Count());
        Assert.Equal(targets[17], MinPerturbationAnalysis.RandomTarget(3, "img17", 4, 10));
    }

    private static AnalysisSummary Run(IAnalysis analysis)
    {
        using var dataset = new InMemoryDataset(
            Shape,
            [.. Pixel0.Select(p => { var image = Enumerable.Repeat(0.5f, Shape.Length).ToArray(); image[0] = p; return image; })],
            Labels,
            classCount: 2);
        var source = new FakeGradientModelSource(Shape);
        AnalysisPartial? merged = null;
        foreach (var item in analysis.Plan(new AnalysisPlanContext(dataset, 4, RunSeed: 3)))
        {
            var partial = analysis.Execute(new AnalysisInput(dataset, new DatasetBatchReader(dataset, 3), item, source.Get(), 3, _ => 0, GradientModels: source));
            var json = System.Text.Json.JsonSerializer.Serialize(partial);
            partial = System.Text.Json.JsonSerializer.Deserialize<AnalysisPartial>(json)!;
            merged = merged is null ? partial : merged.Merge(partial);
        }

        return analysis.Summarize(merged!, new AnalysisSubject("memory", "threshold", dataset.ClassNames));
    }
}
