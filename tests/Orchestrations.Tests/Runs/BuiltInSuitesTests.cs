using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>The built-in suites resolve, hold the analyses the README lists, and the study suite yields the study.</summary>
public sealed class BuiltInSuitesTests
{
    private static readonly string Data = Path.Combine(SharedData.RepositoryRoot, "samples", "fashion-mnist");
    private static readonly string[] SampleModels = [.. Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot, "samples", "models"), "*.onnx").Order(StringComparer.Ordinal)];

    [Fact]
    public void ResolveSuite_EveryBuiltInSuite_ParsesWithItsParameters()
    {
        var catalog = new AnalysisCatalog();

        foreach (var name in BuiltInSuites.Names)
        {
            Assert.NotEmpty(catalog.ResolveSuite(name));
        }
    }

    [Theory]
    [InlineData("paper")]
    [InlineData("paper-full")]
    [InlineData("noise")]
    public void ResolveSuite_PaperSuites_RunTheNoiseSweepOnItsDefaultGrids(string suite)
    {
        var noise = Assert.IsType<NoiseSweepAnalysis>(new AnalysisCatalog().ResolveSuite(suite).Single(a => a.Name == "noise"));

        Assert.Equal(NoiseSweepOptions.Default.Families, noise.Options.Families, (a, b) => a.Family == b.Family && a.Levels.SequenceEqual(b.Levels));
    }

    [Fact]
    public void ResolveSuite_Study_HasEveryKindOfStudyMeasure()
    {
        var analyses = new AnalysisCatalog().ResolveSuite("study").Select(a => a.Name);

        Assert.Equal(["clean", "frequency-sweep", "hybrid", "corruptions", "attack", "noise"], analyses);
    }

    [Fact]
    public async Task Study_OnTheSamplePack_GivesFRevAndNoiseMeasuresForEveryModel()
    {
        using var harness = new RunHarness();
        var spec = RunHarness.Spec(Data, new DatasetOptions { Limit = 60 }, 1000, SampleModels) with { Suite = "study" };

        var outcome = await harness.RunAsync(spec);

        Assert.Empty(outcome.Report.Errors);
        var study = outcome.Report.Rows.Where(r => r.Analysis == "study").ToList();
        foreach (var model in new[] { "fmnist_blur", "fmnist_noise", "fmnist_pgd", "fmnist_standard" })
        {
            Assert.Contains(study, r => r.Model == model && r.Condition == "measure=f_rev" && r.Value is not null);
            Assert.Contains(study, r => r.Model == model && r.Condition == "measure=robust_accuracy");
            Assert.Contains(study, r => r.Model == model && r.Condition.StartsWith("measure=noise_level_half_", StringComparison.Ordinal));
        }

        Assert.Contains(study, r => r.Condition == "frequency=f_rev;robustness=robust_accuracy" && r.Metric == "spearman");
    }
}
