using CloudFreq.Core.Data;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>
/// The attack, min-perturbation and blur-defense analyses end to end on MNIST (a model with a fixed
/// batch of 1, rewritten for batches): item results through JSON, merging, and rows that do not
/// depend on how the images were batched.
/// </summary>
public sealed class AttackAnalysesRunTests : IDisposable
{
    private const string Suite = """
        { "analyses": [
          { "name": "clean" },
          { "name": "attack", "attacks": ["fgsm", "pgd"], "linf": [0.05, 0.15], "l2": [1.5], "steps": 5 },
          { "name": "min-perturbation", "steps": 20 },
          { "name": "blur-defense", "sigmas": [1.0], "linf": [0.05], "steps": 5, "corruptions": ["gaussian_noise"] } ] }
        """;

    private static readonly string Mnist = SharedData.Path("data", "mnist");
    private static readonly string Model = SharedData.Path("models", "mnist", "Convnet_maxpool.onnx");
    private readonly string _suite = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_suite);

    [Fact]
    public async Task AttackAnalyses_GiveConsistentRows_WhateverTheBatching()
    {
        var large = await RunAsync(limit: 48, batchSize: 64, itemSize: 1000);
        var small = await RunAsync(limit: 48, batchSize: 5, itemSize: 16);

        double Value(string analysis, string condition, string metric) =>
            large.Single(r => r.Analysis == analysis && r.Condition == condition && r.Metric == metric).Value!.Value;

        var clean = Value("clean", string.Empty, "accuracy");
        Assert.Equal(clean, Value("attack", string.Empty, "accuracy"), 10);
        Assert.Equal(clean, Value("blur-defense", "sigma=0", "accuracy"), 10);
        foreach (var eps in new[] { "0.05", "0.15" })
        {
            var pgd = Value("attack", $"attack=pgd;norm=linf;eps={eps}", "robust_accuracy");
            var fgsm = Value("attack", $"attack=fgsm;norm=linf;eps={eps}", "robust_accuracy");
            var worst = Value("attack", $"attack=apgd-ensemble;norm=linf;eps={eps}", "robust_accuracy");
            Assert.True(worst <= Math.Min(pgd, fgsm) && pgd <= clean, $"eps {eps}: clean {clean}, fgsm {fgsm}, pgd {pgd}, worst {worst}");
        }

        // A standard MNIST model falls under L-inf 0.15 PGD; 0.05 is a much smaller budget.
        Assert.True(Value("attack", "attack=pgd;norm=linf;eps=0.15", "robust_accuracy") < Value("attack", "attack=pgd;norm=linf;eps=0.05", "robust_accuracy"));
        Assert.InRange(Value("min-perturbation", "norm=linf;targeted=true", "f_half"), 0.01, 1.42);
        Assert.Contains(large, r => r.Analysis == "blur-defense" && r.Condition == "sigma=1" && r.Metric == "corruption_accuracy");

        // Per-image seeds: counts do not depend on batch or item size (epsilons to float tolerance).
        static IEnumerable<(string, string, string, long)> Counted(IReadOnlyList<ResultRow> rows) =>
            rows.Where(r => r.Metric is "accuracy" or "robust_accuracy" or "success_rate").Select(r => (r.Analysis, r.Condition, r.Metric + "=" + r.Value?.ToString("R"), r.N));
        Assert.Equal(Counted(large), Counted(small));
        var medianLarge = large.Single(r => r.Metric == "median_epsilon").Value!.Value;
        var medianSmall = small.Single(r => r.Metric == "median_epsilon").Value!.Value;
        Assert.Equal(medianLarge, medianSmall, 4);
    }

    [Fact]
    public async Task Attack_UnknownAttackName_IsRejectedWithTheField()
    {
        await File.WriteAllTextAsync(_suite, """{"analyses": [{"name": "attack", "attacks": ["pgd", "deepfool"]}]}""");
        using var harness = new RunHarness();
        var spec = RunHarness.Spec(Mnist, new DatasetOptions { Limit = 10 }, 1000, Model) with { Suite = _suite };
        var error = Assert.Throws<CloudFreq.Core.CloudFreqException>(() => harness.Prepare(spec));
        Assert.Contains("'attacks'", error.Message);
        Assert.Contains("analyses[0]", error.Message);
    }

    private async Task<IReadOnlyList<ResultRow>> RunAsync(int limit, int batchSize, int itemSize)
    {
        await File.WriteAllTextAsync(_suite, Suite);
        using var harness = new RunHarness(new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = batchSize } });
        var spec = RunHarness.Spec(Mnist, new DatasetOptions { Limit = limit }, itemSize, Model) with { Suite = _suite };
        var outcome = await harness.RunAsync(spec);
        Assert.Empty(outcome.Report.Errors);
        return outcome.Report.Rows;
    }
}
