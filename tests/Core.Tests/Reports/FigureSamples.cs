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

    public static readonly string[] BenchmarkCorruptions =
    [
        "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur", "zoom_blur",
        "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate", "jpeg_compression",
    ];

    public static readonly string[] ExtraCorruptions = ["speckle_noise", "gaussian_blur", "spatter", "saturate"];

    /// <summary>resnet's accuracy under a corruption (index in benchmark then extra order) at a severity.</summary>
    public static double ResnetCorruptionAccuracy(int corruption, int severity) => 0.95 - (0.1 * severity) - (0.01 * corruption);

    /// <summary>
    /// Corruptions rows as the analysis writes them, in a scrambled row order: resnet ran all 19 corruptions at
    /// severities 1-5 with an AlexNet baseline (ce, mce, relative_mce); robust ran the 15 benchmark ones at
    /// severities 1, 3 and 5 only, without a baseline (mce null, relative_mce absent), and one undefined cell.
    /// </summary>
    public static List<ResultRow> CorruptionRows()
    {
        var rows = new List<ResultRow>();
        string[] all = [.. BenchmarkCorruptions, .. ExtraCorruptions];
        for (var c = all.Length - 1; c >= 0; c--)
        {
            for (var severity = 1; severity <= 5; severity++)
            {
                var condition = ResultCondition.Format(("corruption", all[c]), ("severity", severity));
                rows.Add(new("cifar10", "resnet", "corruptions", condition, "accuracy", ResnetCorruptionAccuracy(c, severity), 1000));
                if (c < BenchmarkCorruptions.Length && severity % 2 == 1)
                {
                    double? robust = all[c] == "fog" && severity == 5 ? null : 0.7 - (0.05 * severity);
                    rows.Add(new("cifar10", "robust", "corruptions", condition, "accuracy", robust, 1000));
                }
            }

            rows.Add(new("cifar10", "resnet", "corruptions", "corruption=" + all[c], "accuracy", ResnetCorruptionAccuracy(c, 3), 5000));
            rows.Add(new("cifar10", "resnet", "corruptions", "corruption=" + all[c], "ce", 0.5 + (0.01 * c), 5000));
        }

        rows.Add(new("cifar10", "resnet", "corruptions", "severity=3", "accuracy", 0.58, 15000));
        (string Group, double Resnet, double Robust)[] groups = [("low", 0.8, 0.6), ("medium", 0.55, 0.62), ("high", 0.25, 0.64), ("extra", 0.5, 0)];
        foreach (var (group, resnet, robust) in groups)
        {
            rows.Add(new("cifar10", "resnet", "corruptions", "group=" + group, "accuracy", resnet, 1000));
            if (group != "extra")
            {
                rows.Add(new("cifar10", "robust", "corruptions", "group=" + group, "accuracy", robust, 1000));
            }
        }

        rows.Add(new("cifar10", "resnet", "corruptions", "", "mean_accuracy", 0.52, 75000));
        rows.Add(new("cifar10", "resnet", "corruptions", "", "mce", 0.95, 75000));
        rows.Add(new("cifar10", "resnet", "corruptions", "", "relative_mce", 1.25, 75000));
        rows.Add(new("cifar10", "robust", "corruptions", "", "mean_accuracy", 0.625, 45000));
        rows.Add(new("cifar10", "robust", "corruptions", "", "mce", null, 45000));
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
