using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

/// <summary>report.html opens with what the study found: the verdict and one sentence per model, before the run's metadata.</summary>
public sealed class ReportStudyFindingsTests
{
    [Fact]
    public void WriteToString_Study_FindingsComeFirst_OneSentencePerModel()
    {
        const string Eps8 = "0.03137254901960784";
        var rows = new List<ResultRow>(ReportSamples.Rows());
        foreach (var (model, fRev, robust) in new[] { ("resnet", 0.34, 0.02), ("robust", 0.15, 0.40), ("blurry", 0.2, 0.1) })
        {
            rows.Add(new("cifar10", model, "hybrid", "", "f_rev", fRev, 200));
            rows.Add(new("cifar10", model, "attack", "attack=pgd;norm=linf;eps=" + Eps8, "robust_accuracy", robust, 100));
        }

        var html = new ReportHtmlWriter().WriteToString(FigureSamples.Report(rows));

        var findings = html.IndexOf("<section id=\"findings\"", StringComparison.Ordinal);
        Assert.True(findings >= 0, "no findings block");
        Assert.True(findings < html.IndexOf("<dl class=\"meta\">", StringComparison.Ordinal), "the findings come before the run's metadata");
        var items = html[findings..html.IndexOf("</section>", findings, StringComparison.Ordinal)]
            .Split("<li class=\"finding\">").Skip(1).Select(item => item[..item.IndexOf("</li>", StringComparison.Ordinal)]).ToList();
        Assert.Equal(3, items.Count);
        Assert.StartsWith("resnet (base, standard): f_rev 0.340 (the highest of 3 models); robust accuracy (L-inf 8/255) 2.0% (the lowest of 3 models)", items[0], StringComparison.Ordinal);
        Assert.EndsWith("in line with the study&#39;s claim.", items[0], StringComparison.Ordinal);
        Assert.EndsWith("in line with the study&#39;s claim.", items[1], StringComparison.Ordinal);

        // blurry is the middle model on f_rev: its standing says nothing about the claim.
        Assert.EndsWith("neither for nor against the study&#39;s claim.", items[2], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_NoStudy_NoFindingsBlock()
    {
        var html = new ReportHtmlWriter().WriteToString(ReportSamples.Report());

        Assert.DoesNotContain("id=\"findings\"", html, StringComparison.Ordinal);
    }
}
