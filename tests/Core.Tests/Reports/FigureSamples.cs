using CloudFreq.Core.Models;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

/// <summary>Rows of the frequency-sweep and hybrid analyses in the shapes those analyses write, for the figure tests.</summary>
internal static class FigureSamples
{
    public static readonly double[] Cutoffs = [0.05, 0.1, 0.25, 0.5, 1];

    /// <summary>Ideal low-pass curves for resnet (rises) and robust (rises earlier), with cutoff_half rows; robust's is undefined.</summary>
    public static List<ResultRow> SweepRows()
    {
        double[] resnet = [0.1, 0.2125, 0.6, 0.87, 0.9125];
        double[] robust = [0.3, 0.55, 0.7, 0.74, 0.75];
        var rows = new List<ResultRow>();
        for (var i = 0; i < Cutoffs.Length; i++)
        {
            var condition = ResultCondition.Format(("filter", "lowpass"), ("shape", "ideal"), ("cutoff", Cutoffs[i]));
            rows.Add(new("cifar10", "resnet", "frequency-sweep", condition, "accuracy", resnet[i], 800));
            rows.Add(new("cifar10", "robust", "frequency-sweep", condition, "accuracy", robust[i], 800));
        }

        rows.Add(new("cifar10", "resnet", "frequency-sweep", "filter=lowpass;shape=ideal", "cutoff_half", 0.2, 800));
        rows.Add(new("cifar10", "robust", "frequency-sweep", "filter=lowpass;shape=ideal", "cutoff_half", null, 800));
        rows.Add(new("cifar10", "resnet", "frequency-sweep", "filter=highpass;shape=gaussian;cutoff=0.5", "accuracy", 0.4, 800));
        rows.Add(new("cifar10", "resnet", "frequency-sweep", "filter=highpass;shape=gaussian;cutoff=0.1", "accuracy", 0.85, 800));
        return rows;
    }

    public static readonly double[] Alphas = [0, 0.03, 0.08, 0.15, 0.33, 0.57, 1];

    /// <summary>Hybrid seed means, per-seed rows and f_rev rows: resnet crosses zero, robust never does.</summary>
    public static List<ResultRow> HybridRows()
    {
        var rows = new List<ResultRow>();
        for (var i = 0; i < Alphas.Length; i++)
        {
            var pLowResnet = 0.05 + (0.85 * i / (Alphas.Length - 1));
            var pLowRobust = 0.6 + (0.05 * i / (Alphas.Length - 1));
            var mean = ResultCondition.Format(("alpha", Alphas[i]));
            rows.Add(new("cifar10", "resnet", "hybrid", mean, "p_low", pLowResnet, 800));
            rows.Add(new("cifar10", "resnet", "hybrid", mean, "p_high", 0.9 - pLowResnet, 800));
            rows.Add(new("cifar10", "robust", "hybrid", mean, "p_low", pLowRobust, 800));
            rows.Add(new("cifar10", "robust", "hybrid", mean, "p_high", 0.2, 800));
            var seed = ResultCondition.Format(("alpha", Alphas[i]), ("seed", 2));
            rows.Add(new("cifar10", "resnet", "hybrid", seed, "p_low", 0.99, 400));
            rows.Add(new("cifar10", "resnet", "hybrid", seed, "p_high", 0.01, 400));
        }

        rows.Add(new("cifar10", "resnet", "hybrid", "seed=2", "f_rev", 0.12, 400));
        rows.Add(new("cifar10", "resnet", "hybrid", "", "f_rev", 0.125, 800));
        rows.Add(new("cifar10", "resnet", "hybrid", "", "f_rev_std", 0.0125, 800));
        rows.Add(new("cifar10", "robust", "hybrid", "seed=2", "f_rev", null, 400));
        rows.Add(new("cifar10", "robust", "hybrid", "", "f_rev", null, 800));
        rows.Add(new("cifar10", "robust", "hybrid", "", "f_rev_std", null, 800));
        rows.Add(new("cifar10", "blurry", "hybrid", "", "f_rev", 0.3, 800));
        rows.Add(new("cifar10", "blurry", "hybrid", "", "f_rev_std", 0.05, 800));
        return rows;
    }

    /// <summary>The writer tests' report (10 classes, so chance is 0.1) with the given rows and a third model in group "blur".</summary>
    public static RunReport Report(IEnumerable<ResultRow> rows)
    {
        var report = ReportSamples.Report([.. rows]);
        string[] classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
        var blurry = report.Models[0] with { Name = "blurry", Card = ReportSamples.Card("blurry", group: "blur") };
        return report with
        {
            Datasets = [report.Datasets[0] with { ClassNames = classes }],
            Models = [.. report.Models, blurry],
        };
    }
}
