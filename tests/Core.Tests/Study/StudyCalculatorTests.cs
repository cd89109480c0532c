using CloudFreq.Core.Reports;
using CloudFreq.Core.Study;

namespace CloudFreq.Core.Tests.Study;

public sealed class StudyCalculatorTests
{
    private const string Eps8 = "0.03137254901960784";

    internal static List<ResultRow> Rows(string dataset = "cifar10")
    {
        var rows = new List<ResultRow>();
        void Model(string name, double fRev, double clean, double robust, double blurNone, double blurBest)
        {
            rows.Add(new(dataset, name, "clean", "", "accuracy", clean, 100));
            rows.Add(new(dataset, name, "hybrid", "", "f_rev", fRev, 200));
            rows.Add(new(dataset, name, "frequency-sweep", "filter=lowpass;shape=ideal", "cutoff_half", fRev + 0.05, 100));
            rows.Add(new(dataset, name, "min-perturbation", "norm=linf;targeted=true", "f_half", fRev * 2, 90));
            rows.Add(new(dataset, name, "attack", "attack=pgd;norm=linf;eps=" + Eps8, "robust_accuracy", robust + 0.05, 100));
            rows.Add(new(dataset, name, "attack", "attack=apgd-ensemble;norm=linf;eps=" + Eps8, "robust_accuracy", robust, 100));
            rows.Add(new(dataset, name, "attack", "attack=apgd-ensemble;norm=linf;eps=0.00784313725490196", "robust_accuracy", robust + 0.2, 100));
            rows.Add(new(dataset, name, "blur-defense", "sigma=0;attack=pgd;norm=linf;eps=0.00784313725490196", "robust_accuracy", blurNone, 50));
            rows.Add(new(dataset, name, "blur-defense", "sigma=0.5;attack=pgd;norm=linf;eps=0.00784313725490196", "robust_accuracy", blurBest, 50));
            rows.Add(new(dataset, name, "blur-defense", "sigma=1;attack=pgd;norm=linf;eps=0.00784313725490196", "robust_accuracy", blurBest - 0.1, 50));
        }

        Model("std1", 0.34, 0.90, 0.01, 0.2, 0.2);
        Model("std2", 0.30, 0.88, 0.02, 0.3, 0.31);
        Model("adv1", 0.14, 0.70, 0.45, 0.6, 0.7);
        Model("adv2", 0.18, 0.72, 0.40, 0.5, 0.58);
        return rows;
    }

    internal static Dictionary<string, string?> Groups() => new() { ["std1"] = "base", ["std2"] = "base", ["adv1"] = "adv", ["adv2"] = "blur" };

    [Fact]
    public void Compute_MeasuresPerModel_FromTheAnalysesRows()
    {
        var study = Assert.Single(StudyCalculator.Compute(Rows(), Groups(), seed: 0));

        var adv1 = study.Models.Single(m => m.Name == "adv1");
        Assert.Equal(0.14, adv1.Values["f_rev"].Value);
        Assert.Equal(0.19, adv1.Values["lowpass_cutoff_half"].Value, 12);
        Assert.Equal(0.28, adv1.Values["f_half"].Value, 12);
        Assert.Equal(0.70, adv1.Values["clean_accuracy"].Value);

        // The ensemble at 8/255, not PGD and not the smaller budget.
        Assert.Equal(0.45, adv1.Values["robust_accuracy"].Value);

        // The best sigma (0.5: 0.7) minus no blur (0.6).
        Assert.Equal(0.1, adv1.Values["blur_defense_gain"].Value, 12);
        Assert.Equal("robust", adv1.StudyGroup);
        Assert.Equal("standard", study.Models.Single(m => m.Name == "std1").StudyGroup);
        Assert.Contains("L-inf 8/255", study.Measures.Single(m => m.Id == "robust_accuracy").Label, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_GroupMeansAndCorrelations_LowFrequencyModelsMoreRobust()
    {
        var study = Assert.Single(StudyCalculator.Compute(Rows(), Groups(), seed: 0));

        var fRev = study.Groups.Single(g => g.Measure == "f_rev");
        Assert.Equal(0.32, fRev.Standard!.Value, 12);
        Assert.Equal(0.16, fRev.Robust!.Value, 12);
        Assert.Equal(2, fRev.RobustModels);
        var pair = study.Pairs.Single(p => p.Frequency.Id == "f_rev" && p.Robustness.Id == "robust_accuracy");
        Assert.Equal(4, pair.N);
        Assert.Equal(-1, pair.Spearman.Value!.Value, 12);
        Assert.True(pair.Spearman.ExactPValue);
        Assert.Equal(2.0 / 24, pair.Spearman.PValue!.Value, 12);
        Assert.Null(pair.Spearman.CiLow);
        var verdict = StudyVerdicts.Verdict(study, pair);
        Assert.Contains("Lower f_rev (a stronger low-frequency preference) goes with higher robust accuracy", verdict, StringComparison.Ordinal);
        Assert.Contains("Spearman -1.00", verdict, StringComparison.Ordinal);
        Assert.Contains("agrees with the study's claim", verdict, StringComparison.Ordinal);
        Assert.Contains("Robust models prefer lower frequencies: f_rev 0.160 (robust, 2 models) vs 0.320 (standard, 2 models)", verdict, StringComparison.Ordinal);
        Assert.Contains("mostly holds", StudyVerdicts.Overall(study), StringComparison.Ordinal);
    }

    [Fact]
    public void Overall_SaysForWhichRobustnessMeasureTheClaimHolds()
    {
        var study = Assert.Single(StudyCalculator.Compute(Rows(), Groups(), seed: 0));
        var overall = StudyVerdicts.Overall(study);

        // One clause per robustness measure in the claim, each with its own tally; clean accuracy is not one.
        var claimMeasures = study.Pairs.Where(p => StudyVerdicts.InClaim(p.Robustness) && p.Spearman.Value is not null).Select(p => p.Robustness).DistinctBy(m => m.Id).ToList();
        Assert.True(claimMeasures.Count >= 2, "the fixture has robust accuracy and at least one more robustness measure");
        Assert.Contains("By robustness measure: ", overall, StringComparison.Ordinal);
        foreach (var measure in claimMeasures)
        {
            var pairs = study.Pairs.Where(p => p.Robustness.Id == measure.Id && p.Spearman.Value is not null).ToList();
            var agree = pairs.Count(p => p.Spearman.Value <= -StudyVerdicts.WeakCorrelation);
            Assert.Contains($"for {measure.Label} it ", overall, StringComparison.Ordinal);
            Assert.Contains($"({agree} of {pairs.Count} frequency measures agree", overall, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("for clean accuracy", overall, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rows_ContractNamesAndDatasetsNeverPooled()
    {
        var rows = Rows("cifar10").Concat(Rows("svhn").Take(20)).ToList();
        var studies = StudyCalculator.Compute(rows, Groups(), seed: 0);
        var studyRows = StudyCalculator.Rows(studies);

        // svhn has two models only: measures, no correlations.
        Assert.Equal(["cifar10", "svhn"], studies.Select(s => s.Dataset));
        Assert.All(studyRows, r => Assert.Equal("study", r.Analysis));
        var spearman = studyRows.Single(r => r.Dataset == "cifar10" && r.Condition == "frequency=f_rev;robustness=robust_accuracy" && r.Metric == "spearman");
        Assert.Equal(4, spearman.N);
        Assert.Equal(string.Empty, spearman.Model);
        Assert.Contains(studyRows, r => r.Dataset == "cifar10" && r.Condition == "frequency=f_rev;robustness=robust_accuracy" && r.Metric == "p_value_spearman");
        Assert.Contains(studyRows, r => r.Model == "adv1" && r.Condition == "measure=f_rev" && r.Metric == "value" && r.Value == 0.14);
        Assert.Contains(studyRows, r => r.Condition == "measure=f_rev;group=robust" && r.Metric == "mean");
        Assert.DoesNotContain(studyRows, r => r.Dataset == "svhn" && r.Metric == "spearman");
        Assert.DoesNotContain(studyRows, r => r.Metric == "ci_low");
    }

    [Fact]
    public void Compute_SameInputs_SameRows_AndStudyRowsIgnored()
    {
        var first = StudyCalculator.Rows(StudyCalculator.Compute(Rows(), Groups(), 5));
        var withStudy = Rows().Concat(first).ToList();
        var second = StudyCalculator.Rows(StudyCalculator.Compute(withStudy, Groups(), 5));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Compute_NoFrequencyMeasure_NoStudy()
    {
        var rows = Rows().Where(r => r.Analysis is "clean" or "attack").ToList();

        Assert.Empty(StudyCalculator.Compute(rows, Groups(), 0));
    }

    [Fact]
    public void Verdict_TwoModels_NotEnoughModels()
    {
        var rows = Rows().Where(r => r.Model is "std1" or "adv1").ToList();
        var study = Assert.Single(StudyCalculator.Compute(rows, Groups(), 0));

        var verdict = StudyVerdicts.Verdict(study, study.Pairs[0]);

        Assert.Contains("not enough models (2 models with both", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Overall_NoRobustnessMeasured_SaysSoRatherThanTooFewModels()
    {
        var rows = Rows().Where(r => r.Analysis is not ("attack" or "blur-defense" or "corruptions")).ToList();
        var study = Assert.Single(StudyCalculator.Compute(rows, Groups(), 0));

        var overall = StudyVerdicts.Overall(study);

        Assert.Contains("cannot be tested: the run measured no robustness", overall, StringComparison.Ordinal);
        Assert.DoesNotContain("not enough models", overall, StringComparison.Ordinal);
    }
}
