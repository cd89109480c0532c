using System.Text.Json.Nodes;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Minimal adversarial perturbations and their spectrum (DESIGN.md section 4): a fast minimum-norm
/// attack, by default targeted toward a random class per image in L-inf (the study's protocol with
/// FMN in place of Brendel-Bethge), on every correctly classified image. Reports the distribution
/// of minimal budgets (success rate per budget, median and mean), the mean power spectrum of the
/// successful perturbations (per-channel mean removed, DC excluded), its radial cumulative power
/// and f0.5 (metric <c>f_half</c>).
/// </summary>
public sealed class MinPerturbationAnalysis(MinPerturbationOptions options, Func<AttackRequest, IAttack> createAttack) : IAnalysis
{
    public const string AnalysisName = "min-perturbation";

    /// <summary>Budgets at which the success-rate curve is reported, per norm.</summary>
    public static IReadOnlyList<double> CurveBudgets(AttackNorm norm) => norm == AttackNorm.LInf
        ? [0, 1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0, 6 / 255.0, 8 / 255.0, 12 / 255.0, 16 / 255.0, 24 / 255.0, 32 / 255.0, 48 / 255.0, 64 / 255.0, 96 / 255.0, 128 / 255.0]
        : [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];

    /// <summary>Cutoffs (fractions of Nyquist) at which the radial cumulative power is reported.</summary>
    public static IReadOnlyList<double> RadialCutoffs { get; } = [.. Enumerable.Range(0, 29).Select(i => Math.Round(i * 0.05, 2))];

    /// <summary>Spectra larger than this (per side) are reported on the central window around DC.</summary>
    public const int SpectrumWindow = 63;

    public string Name => AnalysisName;

    public JsonObject Parameters => new()
    {
        ["images"] = options.Images == int.MaxValue ? null : options.Images,
        ["attack"] = "fmn",
        ["norm"] = AttackSetOptions.NormName(options.Norm),
        ["targeted"] = options.Targeted,
        ["steps"] = options.Steps,
    };

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context) => context.Ranges(options.Images);

    // The clean check of every image, then FMN on each correctly classified one.
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context)
    {
        var perAttack = Attack().MaxPassesPerImage(context.ClassCount);
        return new ItemCost(item.Count, PassCount.Forwards(item.Count) + (perAttack * item.Count), perAttack, item.Count).WithTransforms(ItemCost.Decode(item.Count));
    }

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var model = input.RequireGradientModels(AnalysisName).Get();
        var shape = model.InputShape;
        var attack = Attack();
        var spectrum = new PowerSpectrumAccumulator(shape.Height, shape.Width);
        var fft = new Fft2D(shape.Height, shape.Width);
        var epsilons = new List<double>();
        long images = 0, attacked = 0;
        foreach (var batch in input.Reader.Read(input.Item.Indices(input.Dataset.Entries.Count), compact: true, cancellationToken))
        {
            var n = batch.Count;
            images += n;
            var logits = new float[n * model.ClassCount];
            model.Score(batch.Pixels, n, logits, cancellationToken);
            var correct = Enumerable.Range(0, n)
                .Where(i => TopK.ArgMax(logits.AsSpan(i * model.ClassCount, model.ClassCount)) == batch.Labels[i])
                .ToArray();
            attacked += correct.Length;
            if (correct.Length > 0)
            {
                var clean = new float[correct.Length * shape.Length];
                for (var k = 0; k < correct.Length; k++)
                {
                    batch.Image(correct[k]).CopyTo(clean.AsSpan(k * shape.Length));
                }

                var labels = correct.Select(i => batch.Labels[i]).ToArray();
                var ids = correct.Select(i => batch.Ids[i]).ToArray();
                var seeds = ids.Select(id => SeedDerivation.Derive(input.Seed, id, AnalysisName)).ToArray();
                var targets = options.Targeted
                    ? ids.Select((id, k) => RandomTarget(input.Seed, id, labels[k], model.ClassCount)).ToArray()
                    : null;
                var result = attack.Run(model, new AttackBatch((float[])clean.Clone(), labels, seeds, targets), cancellationToken);
                var delta = new float[shape.Length];
                for (var k = 0; k < correct.Length; k++)
                {
                    if (!result.Success[k])
                    {
                        continue;
                    }

                    epsilons.Add(result.Norm[k]);
                    for (var j = 0; j < delta.Length; j++)
                    {
                        delta[j] = result.Adversarial[(k * shape.Length) + j] - clean[(k * shape.Length) + j];
                    }

                    spectrum.Add(delta, shape, fft);
                }
            }

            input.Progress?.Report(n);
        }

        return new MinPerturbationPartial(images, attacked, [.. epsilons.Order()], shape.Height, shape.Width, [.. spectrum.Sum], spectrum.Count);
    }

    private IAttack Attack() =>
        createAttack(new AttackRequest("fmn", options.Norm, double.PositiveInfinity, new AttackSchedule(FmnSteps: options.Steps), options.Targeted));

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var partial = (MinPerturbationPartial)merged;
        var rows = new List<ResultRow>();
        var prefix = ResultCondition.Format(("norm", AttackSetOptions.NormName(options.Norm)), ("targeted", options.Targeted));
        void Add(string condition, string metric, double? value, long n) =>
            rows.Add(new ResultRow(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n));

        Add(string.Empty, "accuracy", partial.Images > 0 ? (double)partial.Attacked / partial.Images : null, partial.Images);
        if (partial.Attacked == 0)
        {
            return new AnalysisSummary(rows, []);
        }

        var eps = partial.Epsilons;
        Add(prefix, "success_rate", (double)eps.Count / partial.Attacked, partial.Attacked);
        Add(prefix, "median_epsilon", eps.Count > 0 ? Median(eps) : null, eps.Count);
        Add(prefix, "mean_epsilon", eps.Count > 0 ? eps.Average() : null, eps.Count);
        foreach (var budget in CurveBudgets(options.Norm))
        {
            var fooled = eps.Count(e => e <= budget + 1e-9);
            Add(prefix + ";" + ResultCondition.Format(("eps", budget)), "success_rate", (double)fooled / partial.Attacked, partial.Attacked);
        }

        var spectrum = new PowerSpectrumAccumulator(partial.Height, partial.Width, [.. partial.PowerSum], partial.Planes);
        var power = spectrum.Mean();
        var grid = new FrequencyGrid(partial.Height, partial.Width);
        Add(prefix, "f_half", spectrum.Count > 0 ? PowerSpectrumAccumulator.HalfPowerFrequency(power, grid) : null, eps.Count);
        if (spectrum.Count == 0)
        {
            return new AnalysisSummary(rows, []);
        }

        var ratios = PowerSpectrumAccumulator.RadialCumulativePowerRatio(power, grid, [.. RadialCutoffs]);
        for (var i = 0; i < ratios.Length; i++)
        {
            Add(prefix + ";" + ResultCondition.Format(("radius", RadialCutoffs[i])), "cumulative_power", ratios[i], eps.Count);
        }

        // The shifted log spectrum, as fractions of Nyquist (fy, fx); a central window for large images.
        var log = PowerSpectrumAccumulator.Log10Shifted(power, partial.Height, partial.Width);
        int h = partial.Height, w = partial.Width;
        int y0 = Math.Max(0, (h / 2) - (SpectrumWindow / 2)), y1 = Math.Min(h, (h / 2) + (SpectrumWindow / 2) + 1);
        int x0 = Math.Max(0, (w / 2) - (SpectrumWindow / 2)), x1 = Math.Min(w, (w / 2) + (SpectrumWindow / 2) + 1);
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var fy = 2.0 * (y - (h / 2)) / h;
                var fx = 2.0 * (x - (w / 2)) / w;
                Add(prefix + ";" + ResultCondition.Format(("fy", fy), ("fx", fx)), "log10_power", log[(y * w) + x], eps.Count);
            }
        }

        return new AnalysisSummary(rows, []);
    }

    /// <summary>A class other than <paramref name="label"/>, uniform, seeded by the image.</summary>
    public static int RandomTarget(long runSeed, string imageId, int label, int classCount)
    {
        var random = SeedDerivation.CreateRandom(runSeed, imageId, "target");
        var target = random.Next(classCount - 1);
        return target >= label ? target + 1 : target;
    }

    private static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
