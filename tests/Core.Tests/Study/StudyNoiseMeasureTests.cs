using CloudFreq.Core.Reports;
using CloudFreq.Core.Study;

namespace CloudFreq.Core.Tests.Study;

/// <summary>The noise analysis's level_half per family as robustness measures of the study, correlated with f_rev.</summary>
public sealed class StudyNoiseMeasureTests
{
    [Fact]
    public void Compute_LevelHalfPerFamily_JoinsTheCorrelationsWithFRev()
    {
        var rows = StudyCalculatorTests.Rows();

        // Lower f_rev, higher gaussian level_half (the claim); uniform the other way round; salt-pepper never falls half-way for adv1.
        foreach (var (model, gaussian, uniform, saltPepper) in new[] { ("std1", 0.10, 0.5, 0.05), ("std2", 0.12, 0.4, 0.06), ("adv1", 0.30, 0.1, (double?)null), ("adv2", 0.25, 0.2, 0.09) })
        {
            rows.Add(new("cifar10", model, "noise", "noise=gaussian", "level_half", gaussian, 100));
            rows.Add(new("cifar10", model, "noise", "noise=uniform", "level_half", uniform, 100));
            rows.Add(new("cifar10", model, "noise", "noise=salt-pepper", "level_half", saltPepper, 100));
            rows.Add(new("cifar10", model, "noise", "noise=gaussian;level=0.1", "accuracy", 0.5, 100));
        }

        var study = Assert.Single(StudyCalculator.Compute(rows, StudyCalculatorTests.Groups(), seed: 0));

        var measures = study.Measures.Where(m => m.Id.StartsWith(StudyCalculator.NoiseLevelHalfPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(["noise_level_half_gaussian", "noise_level_half_uniform", "noise_level_half_salt-pepper"], measures.Select(m => m.Id));
        Assert.All(measures, m => Assert.Equal(StudyMeasureKind.Robustness, m.Kind));
        var gaussianPair = study.Pairs.Single(p => p.Frequency.Id == "f_rev" && p.Robustness.Id == "noise_level_half_gaussian");
        Assert.Equal(-1, gaussianPair.Spearman.Value!.Value, 12);
        Assert.Equal(1, study.Pairs.Single(p => p.Frequency.Id == "f_rev" && p.Robustness.Id == "noise_level_half_uniform").Spearman.Value!.Value, 12);

        // An empty level_half (never reached) leaves the model out of that pair only.
        Assert.Equal(["std1", "std2", "adv2"], study.Pairs.Single(p => p.Frequency.Id == "f_rev" && p.Robustness.Id == "noise_level_half_salt-pepper").Models);
        var studyRows = StudyCalculator.Rows([study]);
        Assert.Contains(studyRows, r => r.Condition == "frequency=f_rev;robustness=noise_level_half_gaussian" && r.Metric == "spearman" && r.Value == -1);
        Assert.Contains(studyRows, r => r.Model == "adv1" && r.Condition == "measure=noise_level_half_gaussian" && r.Value == 0.30);
    }
}
