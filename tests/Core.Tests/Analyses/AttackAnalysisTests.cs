using System.Text.Json;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Tests.Analyses.Fakes;

namespace CloudFreq.Core.Tests.Analyses;

/// <summary>The attack analysis with a threshold model and a scripted attack whose outcomes are known.</summary>
public sealed class AttackAnalysisTests
{
    private static readonly ImageShape Shape = new(1, 2, 2);

    // First pixels: the model says class 1 above 0.5. Labels make images 0..7 correct, 8 and 9 wrong.
    private static readonly float[] Pixel0 = [0.1f, 0.49f, 0.497f, 0.6f, 0.502f, 0.9f, 0.51f, 0.2f, 0.8f, 0.3f];
    private static readonly int[] Labels = [0, 0, 0, 1, 1, 1, 1, 0, 0, 1];

    [Fact]
    public void Execute_CountsRobustImagesPerAttackAndBudget_AndTheEnsembleWorstCase()
    {
        var seen = new List<(AttackRequest, float, ulong, int?)>();
        var analysis = Analysis("""{ "attacks": ["pgd", "fgsm"], "linf": ["1/255", 0.05], "l2": [] }""", seen);
        var summary = Run(analysis, itemSize: 10, batchSize: 4);

        double Value(string condition) => summary.Rows.Single(r => r.Condition == condition).Value!.Value;
        Assert.Equal(0.8, Value(string.Empty), 10);

        // At 1/255 only the images within 1/255 of the threshold flip: 0.497 and 0.502 (0.49 and 0.51 hold).
        var small = 1 / 255.0;
        Assert.Equal(0.6, Value(AttackSetOptions.Condition("pgd", AttackNorm.LInf, small)), 10);
        Assert.Equal(0.6, Value(AttackSetOptions.Condition("apgd-ensemble", AttackNorm.LInf, small)), 10);

        // At 0.05 every correct image within 0.05 flips: 0.49, 0.497, 0.502, 0.51.
        Assert.Equal(0.4, Value(AttackSetOptions.Condition("fgsm", AttackNorm.LInf, 0.05)), 10);
        Assert.All(summary.Rows.Where(r => r.Condition.Length > 0), r => Assert.Equal("robust_accuracy", r.Metric));
        Assert.All(summary.Rows, r => Assert.Equal(10, r.N));

        // Only the 8 correctly classified images are attacked, once per attack and budget.
        Assert.Equal(8 * 2 * 2, seen.Count);
        Assert.DoesNotContain(seen, s => s.Item2 is 0.8f or 0.3f);
    }

    [Fact]
    public void Execute_SeedsDependOnTheImageNotOnItemsOrBatches()
    {
        var first = new List<(AttackRequest, float, ulong, int?)>();
        var second = new List<(AttackRequest, float, ulong, int?)>();
        var parameters = """{ "attacks": ["pgd"], "linf": [0.01], "l2": [] }""";
        var one = Run(Analysis(parameters, first), itemSize: 10, batchSize: 10);
        var many = Run(Analysis(parameters, second), itemSize: 3, batchSize: 2);

        Assert.Equal(one.Rows, many.Rows);
        Assert.Equal(first.OrderBy(s => s.Item2).Select(s => s.Item3), second.OrderBy(s => s.Item2).Select(s => s.Item3));
        Assert.Equal(first.Count, first.Select(s => s.Item3).Distinct().Count());
    }

    [Fact]
    public void Options_ReadBudgetsAsFractionsAndRejectBadOnes()
    {
        var options = AttackOptions.From(Parameters("""{ "linf": ["8/255", "2/255"], "l2": [0.5] }"""));
        Assert.Equal([2 / 255.0, 8 / 255.0], options.Set.LInf);
        Assert.Equal([0.5], options.Set.L2);
        Assert.Null(AttackOptions.From(Parameters("{}")).Set.LInf);
        Assert.Equal(4, AttackOptions.From(Parameters("{}")).Set.Budgets(new ImageShape(3, 32, 32)).Count(b => b.Norm == AttackNorm.LInf));
        Assert.Equal([(AttackNorm.LInf, 4 / 255.0)], AttackOptions.From(Parameters("{}")).Set.Budgets(new ImageShape(3, 224, 224)));

        var error = Assert.Throws<CloudFreqException>(() => AttackOptions.From(Parameters("""{ "linf": ["eight"] }""")));
        Assert.Contains("'linf'", error.Message);
        error = Assert.Throws<CloudFreqException>(() => AttackOptions.From(Parameters("""{ "attacks": ["pgd", "cw"] }""")));
        Assert.Contains("'attacks'", error.Message);
        error = Assert.Throws<CloudFreqException>(() => AttackOptions.From(Parameters("""{ "stepz": 3 }""")));
        Assert.Contains("'stepz'", error.Message);
    }

    [Fact]
    public void Partial_RoundTripsThroughJson()
    {
        var summary = new ConditionCounts();
        summary.Add("attack=pgd;norm=linf;eps=0.1", 4, 3);
        AnalysisPartial partial = new AttackPartial(summary);
        var json = JsonSerializer.Serialize(partial);
        Assert.Contains("\"kind\":\"attack\"", json);
        var back = (AttackPartial)JsonSerializer.Deserialize<AnalysisPartial>(json)!;
        Assert.Equal([4L, 3L], back.Counts.Counts["attack=pgd;norm=linf;eps=0.1"]);
    }

    internal static InMemoryDataset Dataset() => new(
        Shape,
        [.. Pixel0.Select(p => new[] { p, 0.5f, 0.5f, 0.5f })],
        Labels,
        classCount: 2);

    private static AttackAnalysis Analysis(string json, List<(AttackRequest, float, ulong, int?)> seen) =>
        new(AttackOptions.From(Parameters(json)), request => new ScriptedAttack(request, seen));

    internal static AnalysisParameters Parameters(string json) => new(JsonDocument.Parse(json).RootElement.Clone(), "test suite: analyses[0]");

    internal static AnalysisSummary Run(IAnalysis analysis, int itemSize, int batchSize, IGradientModelSource? source = null)
    {
        using var dataset = Dataset();
        source ??= new FakeGradientModelSource(Shape);
        var model = source.Get();
        AnalysisPartial? merged = null;
        foreach (var item in analysis.Plan(new AnalysisPlanContext(dataset, itemSize, RunSeed: 7)))
        {
            var reader = new DatasetBatchReader(dataset, batchSize);
            var partial = analysis.Execute(new AnalysisInput(dataset, reader, item, model, 7, _ => 0, GradientModels: source));
            merged = merged is null ? partial : merged.Merge(partial);
        }

        return analysis.Summarize(merged!, new AnalysisSubject("memory", "threshold", dataset.ClassNames));
    }
}
