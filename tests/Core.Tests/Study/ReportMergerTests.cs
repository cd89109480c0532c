using System.Text.Json.Nodes;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Study;
using CloudFreq.Core.Tests.Reports;

namespace CloudFreq.Core.Tests.Study;

public sealed class ReportMergerTests
{
    private static RunReport Run(string id, IEnumerable<string> models, string seed = "0", string hybridImages = "400", string datasetImages = "1000")
    {
        var names = models.ToList();
        var rows = StudyCalculatorTests.Rows().Where(r => names.Contains(r.Model)).ToList();
        var groups = StudyCalculatorTests.Groups();
        return new RunReport
        {
            Tool = "cloudfreq test",
            RunId = id,
            CreatedTime = DateTimeOffset.UnixEpoch,
            CompletedTime = DateTimeOffset.UnixEpoch.AddMinutes(1),
            Spec = JsonNode.Parse(
                "{\"datasets\":[{\"path\":\"/data/" + id + "\",\"options\":{\"format\":\"auto\"}}],\"seed\":" + seed
                + ",\"analyses\":[{\"name\":\"clean\",\"images\":null},{\"name\":\"hybrid\",\"images\":" + hybridImages + ",\"seeds\":[0,1]}]}")!,
            Datasets = [new ReportDataset("cifar10", "/data/" + id, "CifarBinary", int.Parse(datasetImages, System.Globalization.CultureInfo.InvariantCulture), ["cat", "dog"], "3x32x32", 0, 0)],
            Models = [.. names.Select(n => new ReportModel(n, "/m/" + n + ".onnx", "sha-" + n, ReportSamples.Card(n, groups[n]), "batched", []))],
            Rows = rows,
            Timings = new ReportTimings(60, []),
        };
    }

    [Fact]
    public void Merge_RunsOfDifferentDays_OneStudyOverAllModels()
    {
        var merged = ReportMerger.Merge([("day1", Run("a", ["std1", "adv1"])), ("day2", Run("b", ["std2", "adv2"]))], "cloudfreq test");

        Assert.Equal(4, merged.Models.Count);
        var spearman = merged.Rows.Single(r => r.Analysis == "study" && r.Condition == "frequency=f_rev;robustness=robust_accuracy" && r.Metric == "spearman");
        Assert.Equal(4, spearman.N);
        Assert.Equal(-1, spearman.Value!.Value, 12);
        Assert.Equal(0, StudyCalculator.Seed(merged));
    }

    [Fact]
    public void Merge_SameModelInBothRunsWithIdenticalRows_KeptOnce()
    {
        var merged = ReportMerger.Merge([("day1", Run("a", ["std1", "adv1"])), ("day2", Run("b", ["adv1", "adv2"]))], "t");

        Assert.Equal(3, merged.Models.Count);
        Assert.Single(merged.Rows, r => r.Model == "adv1" && r.Analysis == "hybrid");
    }

    [Theory]
    [InlineData("seed", "different seeds")]
    [InlineData("hybrid", "analysis 'hybrid' on dataset 'cifar10' has different parameters in day1 and day2: images = 400 vs 1000")]
    [InlineData("dataset", "dataset 'cifar10' differs between day1 and day2: images 1000 vs 500")]
    public void Merge_SpecDiffersInWhatChangesTheNumbers_RefusesAndSaysWhich(string what, string message)
    {
        var second = what switch
        {
            "seed" => Run("b", ["std2", "adv2"], seed: "7"),
            "hybrid" => Run("b", ["std2", "adv2"], hybridImages: "1000"),
            _ => Run("b", ["std2", "adv2"], datasetImages: "500"),
        };

        var error = Assert.Throws<CloudFreqException>(() => ReportMerger.Merge([("day1", Run("a", ["std1", "adv1"])), ("day2", second)], "t"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ImageFolder", "Shards", true)]
    [InlineData("Shards", "LabelsCsv", true)]
    [InlineData("ImageFolder", "LabelsCsv", false)]
    [InlineData("Shards", "CifarBinary", false)]
    public void Merge_ShardedCopyOfADataset_HasTheIdentityOfItsSource(string first, string second, bool merges)
    {
        static RunReport WithFormat(RunReport run, string format) => run with { Datasets = [run.Datasets[0] with { Format = format }] };
        var runs = new[] { ("plain", WithFormat(Run("a", ["std1", "adv1"]), first)), ("sharded", WithFormat(Run("b", ["std2", "adv2"]), second)) };

        if (merges)
        {
            Assert.Equal(4, ReportMerger.Merge(runs, "t").Models.Count);
        }
        else
        {
            var error = Assert.Throws<CloudFreqException>(() => ReportMerger.Merge(runs, "t"));
            Assert.Contains($"format {first} vs {second}", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Merge_SameModelNameDifferentResults_Refuses()
    {
        var second = Run("b", ["adv1"]);
        second = second with { Rows = [.. second.Rows.Select(r => r.Analysis == "clean" ? r with { Value = 0.1 } : r)] };

        var error = Assert.Throws<CloudFreqException>(() => ReportMerger.Merge([("day1", Run("a", ["adv1"])), ("day2", second)], "t"));

        Assert.Contains("model 'adv1' has different 'clean' results on dataset 'cifar10' in day1 and day2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_StudySectionFirst_WithTocVerdictsPlotsAndTables()
    {
        var merged = ReportMerger.Merge([("day1", Run("a", ["std1", "std2", "adv1", "adv2"]))], "t");

        var html = new ReportHtmlWriter().WriteToString(merged);

        var study = html.IndexOf("<section id=\"study\"", StringComparison.Ordinal);
        Assert.True(study > 0 && study < html.IndexOf("<section id=\"summary\"", StringComparison.Ordinal));
        Assert.Contains("<li><a href=\"#study\">Study</a><ul><li><a href=\"#study-cifar10\">Study: cifar10</a></li></ul></li>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"study-cifar10\"", html, StringComparison.Ordinal);
        Assert.Contains("Lower f_rev (a stronger low-frequency preference) goes with higher robust accuracy", html, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"figure-study-cifar10-f-rev-robust-accuracy\">", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Data: f_rev vs robust accuracy (L-inf 8/255)</caption>", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"Scatter plot of robust accuracy (L-inf 8/255) against f_rev on cifar10 for 4 models:", html, StringComparison.Ordinal);
    }
}
