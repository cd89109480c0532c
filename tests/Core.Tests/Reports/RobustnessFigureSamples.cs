using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

/// <summary>Rows of the attack, min-perturbation and blur-defense analyses in the shapes those analyses write, for the figure tests.</summary>
internal static class RobustnessFigureSamples
{
    public static readonly double[] LInfBudgets = [1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0];

    public static readonly double[] L2Budgets = [0.25, 0.5];

    public static readonly double[] ResnetFgsm = [0.5, 0.3, 0.1, 0.02];
    public static readonly double[] ResnetPgd = [0.4, 0.2, 0.05, 0];
    public static readonly double[] ResnetEnsemble = [0.35, 0.15, 0.04, 0];
    public static readonly double[] RobustFgsm = [0.7, 0.65, 0.6, 0.5];

    /// <summary>robust's PGD accuracy; undefined at 8/255, so FGSM is its strongest attack there.</summary>
    public static readonly double?[] RobustPgd = [0.68, 0.6, 0.55, null];

    public static string AttackCondition(string attack, string norm, double epsilon, string prefix = "") =>
        prefix + ResultCondition.Format(("attack", attack), ("norm", norm), ("eps", epsilon));

    /// <summary>
    /// Attack rows: resnet ran FGSM and PGD with the ensemble at four L-inf budgets and without it at two L2 budgets;
    /// robust ran FGSM and PGD at the L-inf budgets without the ensemble, with one undefined PGD value.
    /// </summary>
    public static List<ResultRow> AttackRows()
    {
        var rows = new List<ResultRow>
        {
            new("cifar10", "resnet", "attack", "", "accuracy", 0.9125, 800),
            new("cifar10", "robust", "attack", "", "accuracy", 0.75, 800),
        };
        for (var i = 0; i < LInfBudgets.Length; i++)
        {
            rows.Add(new("cifar10", "resnet", "attack", AttackCondition("fgsm", "linf", LInfBudgets[i]), "robust_accuracy", ResnetFgsm[i], 800));
            rows.Add(new("cifar10", "resnet", "attack", AttackCondition("pgd", "linf", LInfBudgets[i]), "robust_accuracy", ResnetPgd[i], 800));
            rows.Add(new("cifar10", "resnet", "attack", AttackCondition("apgd-ensemble", "linf", LInfBudgets[i]), "robust_accuracy", ResnetEnsemble[i], 800));
            rows.Add(new("cifar10", "robust", "attack", AttackCondition("fgsm", "linf", LInfBudgets[i]), "robust_accuracy", RobustFgsm[i], 800));
            rows.Add(new("cifar10", "robust", "attack", AttackCondition("pgd", "linf", LInfBudgets[i]), "robust_accuracy", RobustPgd[i], 800));
        }

        rows.Add(new("cifar10", "resnet", "attack", AttackCondition("fgsm", "l2", 0.25), "robust_accuracy", 0.65, 800));
        rows.Add(new("cifar10", "resnet", "attack", AttackCondition("pgd", "l2", 0.25), "robust_accuracy", 0.6, 800));
        rows.Add(new("cifar10", "resnet", "attack", AttackCondition("fgsm", "l2", 0.5), "robust_accuracy", 0.45, 800));
        rows.Add(new("cifar10", "resnet", "attack", AttackCondition("pgd", "l2", 0.5), "robust_accuracy", 0.3, 800));
        return rows;
    }

    public const string MinPrefix = "norm=linf;targeted=true";

    public static readonly double[] SuccessBudgets = [0, 1 / 255.0, 2 / 255.0, 4 / 255.0, 8 / 255.0];
    public static readonly double[] ResnetSuccess = [0, 0.3, 0.6, 0.9, 0.95];

    /// <summary>The spectrum grid of an 8 x 8 image: fractions of Nyquist 2 (k - 4) / 8.</summary>
    public static readonly double[] SpectrumGrid = [.. Enumerable.Range(0, 8).Select(k => 2.0 * (k - 4) / 8)];

    /// <summary>resnet's log10 power at (fy, fx): falls off with the radius; the floor at DC.</summary>
    public static double ResnetLogPower(double fy, double fx) => fy == 0 && fx == 0 ? -12 : -3 - (fy * fy) - (fx * fx);

    /// <summary>resnet's cumulative power ratio at a cutoff: half at 0.3.</summary>
    public static double ResnetCumulative(double radius) => Math.Min(1, radius / 0.6);

    public static double Radius(int i) => Math.Round(i * 0.05, 2);

    /// <summary>
    /// Min-perturbation rows: resnet has every metric and its spectrum; robust was never fooled, so its median and mean
    /// epsilon and f_half are undefined and it has no cumulative power or spectrum rows.
    /// </summary>
    public static List<ResultRow> MinPerturbationRows()
    {
        var rows = new List<ResultRow>
        {
            new("cifar10", "resnet", "min-perturbation", "", "accuracy", 0.9, 100),
            new("cifar10", "resnet", "min-perturbation", MinPrefix, "success_rate", 0.95, 90),
            new("cifar10", "resnet", "min-perturbation", MinPrefix, "median_epsilon", 2 / 255.0, 85),
            new("cifar10", "resnet", "min-perturbation", MinPrefix, "mean_epsilon", 0.01, 85),
            new("cifar10", "robust", "min-perturbation", "", "accuracy", 0.75, 100),
            new("cifar10", "robust", "min-perturbation", MinPrefix, "success_rate", 0, 75),
            new("cifar10", "robust", "min-perturbation", MinPrefix, "median_epsilon", null, 0),
            new("cifar10", "robust", "min-perturbation", MinPrefix, "mean_epsilon", null, 0),
        };
        for (var i = 0; i < SuccessBudgets.Length; i++)
        {
            var condition = MinPrefix + ";" + ResultCondition.Format(("eps", SuccessBudgets[i]));
            rows.Add(new("cifar10", "resnet", "min-perturbation", condition, "success_rate", ResnetSuccess[i], 90));
            rows.Add(new("cifar10", "robust", "min-perturbation", condition, "success_rate", 0, 75));
        }

        rows.Add(new("cifar10", "resnet", "min-perturbation", MinPrefix, "f_half", 0.3, 85));
        rows.Add(new("cifar10", "robust", "min-perturbation", MinPrefix, "f_half", null, 0));
        for (var i = 0; i < 29; i++)
        {
            rows.Add(new("cifar10", "resnet", "min-perturbation", MinPrefix + ";" + ResultCondition.Format(("radius", Radius(i))), "cumulative_power", ResnetCumulative(Radius(i)), 85));
        }

        foreach (var fy in SpectrumGrid)
        {
            foreach (var fx in SpectrumGrid)
            {
                rows.Add(new("cifar10", "resnet", "min-perturbation", MinPrefix + ";" + ResultCondition.Format(("fy", fy), ("fx", fx)), "log10_power", ResnetLogPower(fy, fx), 85));
            }
        }

        return rows;
    }

    public static readonly double[] Sigmas = [0, 0.5, 1, 2];
    public static readonly double[] ResnetBlurClean = [0.91, 0.88, 0.8, 0.6];
    public static readonly double[] ResnetBlurPgd1 = [0.2, 0.3, 0.35, 0.3];
    public static readonly double[] ResnetBlurPgd2 = [0.05, 0.1, 0.2, 0.25];
    public static readonly double[] ResnetBlurCorruption = [0.5, 0.55, 0.52, 0.45];

    /// <summary>
    /// Blur-defense rows: resnet with clean, PGD at 1/255 and 2/255 and corruption accuracy at four sigmas (rows in
    /// the analysis's order: per sigma); robust with clean and PGD at 1/255 only, its clean accuracy at sigma 2 undefined.
    /// </summary>
    public static List<ResultRow> BlurDefenseRows()
    {
        var rows = new List<ResultRow>();
        for (var s = 0; s < Sigmas.Length; s++)
        {
            var sigma = ResultCondition.Format(("sigma", Sigmas[s]));
            rows.Add(new("cifar10", "resnet", "blur-defense", sigma, "accuracy", ResnetBlurClean[s], 800));
            rows.Add(new("cifar10", "resnet", "blur-defense", AttackCondition("pgd", "linf", 1 / 255.0, sigma + ";"), "robust_accuracy", ResnetBlurPgd1[s], 800));
            rows.Add(new("cifar10", "resnet", "blur-defense", AttackCondition("pgd", "linf", 2 / 255.0, sigma + ";"), "robust_accuracy", ResnetBlurPgd2[s], 800));
            rows.Add(new("cifar10", "resnet", "blur-defense", sigma, "corruption_accuracy", ResnetBlurCorruption[s], 800));
            rows.Add(new("cifar10", "robust", "blur-defense", sigma, "accuracy", s == 3 ? null : 0.7 - (0.1 * s), 800));
            rows.Add(new("cifar10", "robust", "blur-defense", AttackCondition("pgd", "linf", 1 / 255.0, sigma + ";"), "robust_accuracy", 0.5, 800));
        }

        return rows;
    }
}
