using CloudFreq.Core.Study;

namespace CloudFreq.Core.Tests.Study;

/// <summary>The one-sentence finding per model that opens report.html and ends a run on the console.</summary>
public sealed class StudyModelFindingsTests
{
    [Fact]
    public void For_OneSentencePerModel_WithItsStandingAndTheClaim()
    {
        var study = Assert.Single(StudyCalculator.Compute(StudyCalculatorTests.Rows(), StudyCalculatorTests.Groups(), seed: 0));

        var findings = StudyModelFindings.For(study);

        Assert.Equal(4, findings.Count);
        Assert.Equal(
            "adv1 (adv, robust): f_rev 0.140 (the lowest of 4 models); robust accuracy (L-inf 8/255) 45.0% (the highest of 4 models): in line with the study's claim.",
            findings.Single(f => f.StartsWith("adv1 ", StringComparison.Ordinal)));
        Assert.Equal(
            "std1 (base, standard): f_rev 0.340 (the highest of 4 models); robust accuracy (L-inf 8/255) 1.0% (the lowest of 4 models): in line with the study's claim.",
            findings.Single(f => f.StartsWith("std1 ", StringComparison.Ordinal)));
        Assert.Contains("(the 2nd lowest of 4 models)", findings.Single(f => f.StartsWith("adv2 ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Sentence_ModelAgainstTheClaim_SaysSo_AndNamesTheMeasureItFailsOn()
    {
        var rows = StudyCalculatorTests.Rows();

        // std1 now resists noise best while preferring the highest frequencies: against the claim on noise only.
        foreach (var (model, level) in new[] { ("std1", 0.4), ("std2", 0.1), ("adv1", 0.3), ("adv2", 0.2) })
        {
            rows.Add(new("cifar10", model, "noise", "noise=gaussian", "level_half", level, 100));
        }

        var study = Assert.Single(StudyCalculator.Compute(rows, StudyCalculatorTests.Groups(), seed: 0));
        var std1 = StudyModelFindings.Sentence(study, study.Models.Single(m => m.Name == "std1"));

        Assert.Contains("gaussian noise level_half 0.400 (the highest of 4 models)", std1, StringComparison.Ordinal);
        Assert.EndsWith("in line with the study's claim on robust accuracy (L-inf 8/255), against it on gaussian noise level_half.", std1, StringComparison.Ordinal);
    }
}
