using CloudFreq.Core.Analyses;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests.Analyses.Fakes;

namespace CloudFreq.Core.Tests.Analyses;

/// <summary>
/// The blur-defense analysis with fake models per sigma (the blurred ones have a higher threshold,
/// so their clean accuracy differs) and the scripted attack.
/// </summary>
public sealed class BlurDefenseAnalysisTests
{
    [Fact]
    public void Execute_ScoresThePlainModelAndEverySigma_CleanAttackedAndCorrupted()
    {
        var seen = new List<(AttackRequest, float, ulong, int?)>();
        var options = BlurDefenseOptions.From(
            AttackAnalysisTests.Parameters("""{ "sigmas": [1.0, 0.5], "linf": [0.05], "corruptions": ["brightness"], "severities": [1, 5] }"""),
            DefaultCorruptions.Create().Names,
            CorruptionCatalog.Benchmark);
        var analysis = new BlurDefenseAnalysis(options, DefaultCorruptions.Create(), request => new ScriptedAttack(request, seen));
        var source = new FakeGradientModelSource(new CloudFreq.Core.Imaging.ImageShape(1, 2, 2));
        var summary = AttackAnalysisTests.Run(analysis, itemSize: 5, batchSize: 4, source);
        double Value(string condition, string metric) => summary.Rows.Single(r => r.Condition == condition && r.Metric == metric).Value!.Value;

        Assert.Equal([0.5, 1.0], options.Sigmas);
        Assert.Contains(0.5, source.Requested);
        Assert.Contains(1.0, source.Requested);
        Assert.Contains(null, source.Requested);

        // sigma 0 is the plain threshold 0.5 model: 8 of 10 correct, as in the attack analysis.
        Assert.Equal(0.8, Value("sigma=0", "accuracy"), 10);
        Assert.Equal(0.4, Value("sigma=0;attack=pgd;norm=linf;eps=0.05", "robust_accuracy"), 10);

        // sigma 0.5 moves the threshold to 0.55: 0.502 and 0.51 (labelled 1) become wrong, 0.8 (labelled 0) stays wrong.
        Assert.Equal(0.6, Value("sigma=0.5", "accuracy"), 10);
        Assert.Equal(3, summary.Rows.Count(r => r.Metric == "corruption_accuracy"));
        Assert.All(summary.Rows.Where(r => r.Metric == "corruption_accuracy"), r => Assert.Equal(20, r.N));
        Assert.Equal(3 * 3, summary.Rows.Count);
    }

    [Fact]
    public void Options_RejectSeveritiesAboveFiveAndUnknownCorruptions()
    {
        var names = DefaultCorruptions.Create().Names;
        Assert.Throws<CloudFreqException>(() => BlurDefenseOptions.From(AttackAnalysisTests.Parameters("""{ "severities": [6] }"""), names, []));
        var error = Assert.Throws<CloudFreqException>(() => BlurDefenseOptions.From(AttackAnalysisTests.Parameters("""{ "corruptions": ["rain"] }"""), names, []));
        Assert.Contains("'corruptions'", error.Message);
        Assert.Empty(BlurDefenseOptions.From(AttackAnalysisTests.Parameters("""{ "corruptions": ["none"] }"""), names, CorruptionCatalog.Benchmark).Corruptions);
        Assert.Equal(BlurDefenseOptions.StudySigmas, BlurDefenseOptions.From(AttackAnalysisTests.Parameters("{}"), names, []).Sigmas);
    }
}
