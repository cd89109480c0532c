using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;
using CloudFreq.Orchestrations.Tests.Estimates.Fakes;
using CloudFreq.Orchestrations.Tests.Runs;

namespace CloudFreq.Orchestrations.Tests.Estimates;

/// <summary>
/// Each analysis's <see cref="IAnalysis.Cost"/> against what the executor really asks of the model: every
/// item of a small real run executed with its classifier and gradient-model calls counted. Batch (7) and
/// item (16) sizes do not divide the 40 images, so partial batches and items are covered.
/// </summary>
public sealed class AnalysisCostTests : IDisposable
{
    private const int Images = 40;

    // An L-inf budget so small that no correctly classified image is fooled: attacks then run their whole schedules.
    private const string Tiny = "0.00001";

    private static readonly string Data = Path.Combine(SharedData.RepositoryRoot, "samples", "fashion-mnist");
    private static readonly string Model = Path.Combine(SharedData.RepositoryRoot, "samples", "models", "fmnist_standard.onnx");
    private readonly string _suite = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_suite);

    [Theory]
    [InlineData("""{ "name": "clean" }""")]
    [InlineData("""{ "name": "frequency-sweep", "cutoffs": [0.01, 0.02, 0.1, 0.3, 1.5], "shapes": ["ideal", "gaussian"] }""")]
    [InlineData("""{ "name": "hybrid", "seeds": [0, 1], "alphas": [0, 0.01, 0.2, 0.6] }""")]
    [InlineData("""{ "name": "corruptions", "corruptions": ["gaussian_noise", "contrast"], "severities": [1, 5] }""")]
    [InlineData("""{ "name": "fourier-heatmap", "window": 9, "block_size": 16 }""")]
    [InlineData("""{ "name": "noise", "levels": { "gaussian": [0, 0.1], "uniform": [0.2] } }""")]
    public async Task Cost_ScoringAnalyses_EqualsTheExecutorsPassesExactly(string entry)
    {
        var executed = await ExecuteCountingAsync(entry);

        Assert.All(executed, e => Assert.False(e.Cost.IsUpperBound));
        Assert.All(executed, e => Assert.Equal(e.Cost.Passes, e.Counted));
        Assert.True(executed.Sum(e => e.Counted.Forward) >= Images, "the run scored every image");
    }

    [Theory]
    [InlineData("""{ "name": "clean" }""", "decode=40")]
    [InlineData("""{ "name": "frequency-sweep", "cutoffs": [0.1, 0.3], "shapes": ["ideal"] }""", "decode=40 fft spectrum=40 fft filter=160")]
    [InlineData("""{ "name": "hybrid", "seeds": [0], "alphas": [0.1, 0.3, 0.6] }""", "decode=80 fft spectrum=80 fft hybrid=120")]
    [InlineData("""{ "name": "corruptions", "corruptions": ["fog", "contrast"], "severities": [2, 4] }""", "decode=40 fog (severity 2,4)=80 contrast (severity 2,4)=80")]
    [InlineData("""{ "name": "attack", "attacks": ["fgsm"], "linf": [0.01], "l2": [] }""", "decode=40")]
    [InlineData("""{ "name": "noise", "levels": { "gaussian": [0, 0.1, 0.2], "uniform": [0.2] } }""", "decode=40 noise-gaussian=120 noise-uniform=40 noise-salt-pepper=320")]
    public void Cost_Transforms_CountEveryImageEachFamilyMakes(string entry, string expected)
    {
        // frequency-sweep: 2 filters x 2 distinct masks per image; hybrid: 40 pairs, both images read, 3 masks per pair.
        File.WriteAllText(_suite, $$"""{ "analyses": [ {{entry}} ] }""");
        using var harness = new RunHarness();
        using var run = harness.Prepare(RunHarness.Spec(Data, new DatasetOptions { Limit = Images }, 16, Model) with { Suite = _suite });
        var analysis = Assert.Single(run.Analyses);
        var context = new AnalysisCostContext(run.Datasets[0].Dataset.Shape, 10);

        var totals = new RunPlanner().Plan(run)
            .SelectMany(i => analysis.Cost(i.Item, context).Transforms)
            .GroupBy(t => t.Name)
            .Select(g => $"{g.Key}={g.Sum(t => t.Count)}");

        Assert.Equal(expected, string.Join(' ', totals));
    }

    [Fact]
    public async Task Cost_FourierHeatmap_FirstBlockAlsoScoresTheCleanImages()
    {
        var executed = await ExecuteCountingAsync("""{ "name": "fourier-heatmap", "window": 9, "block_size": 16 }""");

        // 9 x 9 cells, 41 Hermitian pairs: blocks of 16, 16 and 9 basis images.
        Assert.Equal(3 * 3, executed.Count);
        Assert.Equal(Images * (41 + 1), executed.Sum(e => e.Counted.Forward));
    }

    [Fact]
    public async Task Cost_Pgd_IsExactWhenNothingIsFooled_AndAnUpperBoundOfTheCleanCheck()
    {
        var executed = await ExecuteCountingAsync($$"""{ "name": "attack", "attacks": ["pgd"], "linf": [{{Tiny}}], "l2": [], "steps": 3, "restarts": 2 }""");

        foreach (var (cost, counted, partial) in executed)
        {
            var counts = ((AttackPartial)partial).Counts.Counts;
            var correct = counts[string.Empty][1];
            Assert.Equal(correct, counts.Single(c => c.Key.StartsWith("attack=pgd", StringComparison.Ordinal)).Value[1]); // nobody fooled
            Assert.True(cost.IsUpperBound);
            Assert.Equal(new PassCount(2, 2 * (3 + 1)), cost.PerAttack); // clean check + re-scoring; 2 restarts x (3 steps + 1)
            Assert.Equal(cost.Passes, counted + (cost.PerAttack * (cost.AttackSlots - correct)));
            Assert.True(counted.Forward <= cost.Passes.Forward && counted.Backward <= cost.Passes.Backward);
        }
    }

    [Fact]
    public async Task Cost_MinPerturbation_IsExactForTheAttackedImages()
    {
        var executed = await ExecuteCountingAsync("""{ "name": "min-perturbation", "steps": 6 }""");

        foreach (var (cost, counted, partial) in executed)
        {
            var attacked = ((MinPerturbationPartial)partial).Attacked;
            Assert.Equal(new PassCount(1, 6), cost.PerAttack);
            Assert.Equal(cost.Passes, counted + (cost.PerAttack * (cost.AttackSlots - attacked)));
        }
    }

    [Fact]
    public async Task Cost_BlurDefense_CountsEveryModelsChecksAttacksAndCorruptions()
    {
        var executed = await ExecuteCountingAsync(
            $$"""{ "name": "blur-defense", "sigmas": [1.0], "attacks": ["fgsm", "pgd"], "linf": [{{Tiny}}], "steps": 2, "corruptions": ["contrast"], "severities": [2, 4] }""");

        foreach (var (cost, counted, partial) in executed)
        {
            var counts = ((BlurDefensePartial)partial).Counts.Counts;
            var attacked = counts["sigma=0"][1] + counts["sigma=1"][1];
            Assert.Equal(2L * cost.Images, cost.AttackSlots); // the plain model and sigma 1
            Assert.Equal(new PassCount(1 + 2, 1 + 3), cost.PerAttack); // fgsm 1 + 1; pgd 2 + (2 + 1)
            Assert.Equal(cost.Passes, counted + (cost.PerAttack * (cost.AttackSlots - attacked)));
        }
    }

    private async Task<List<(ItemCost Cost, PassCount Counted, AnalysisPartial Partial)>> ExecuteCountingAsync(string entry)
    {
        await File.WriteAllTextAsync(_suite, $$"""{ "analyses": [ {{entry}} ] }""");
        var settings = new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = 7 } };
        using var harness = new RunHarness(settings);
        using var run = harness.Prepare(RunHarness.Spec(Data, new DatasetOptions { Limit = Images }, 16, Model) with { Suite = _suite });
        var sessions = new SessionFactory(settings.Scoring);
        using var classifiers = new ClassifierCache(sessions);
        using var gradientModels = new GradientModelCache(sessions);
        var counting = new CountingModelSessions(new CachedModelSessions(classifiers, gradientModels));
        var executor = new WorkItemExecutor(counting, settings);
        var context = new AnalysisCostContext(run.Datasets[0].Dataset.Shape, classifiers.Get(run.Models[0]).ClassCount);
        var analysis = Assert.Single(run.Analyses);
        var executed = new List<(ItemCost, PassCount, AnalysisPartial)>();
        foreach (var item in new RunPlanner().Plan(run))
        {
            counting.Reset();
            var result = executor.Execute(run, item);
            Assert.Empty(result.Skipped);
            executed.Add((analysis.Cost(item.Item, context), counting.Passes, result.Partial));
        }

        return executed;
    }
}
