using System.Globalization;
using System.Text.Json.Nodes;
using CloudFreq.Core.AdditiveNoise;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Data;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Accuracy under additive noise of growing strength (DESIGN.md section 4, "Noise sweeps"): Gaussian,
/// uniform and salt-and-pepper noise over a grid of levels, with per family the level where accuracy
/// falls half-way between clean accuracy and chance.
/// </summary>
/// <remarks>
/// Every image's noise is seeded from (run seed, image id, family, level), never from its batch position,
/// so counts do not depend on batching, item size or the worker that ran the item.
/// </remarks>
public sealed class NoiseSweepAnalysis(NoiseSweepOptions options) : IAnalysis, IGalleryAnalysis
{
    public const string AnalysisName = "noise";

    /// <summary>The per-family summary metric.</summary>
    public const string LevelHalfMetric = "level_half";

    public string Name => AnalysisName;

    public NoiseSweepOptions Options => options;

    public JsonObject Parameters => new()
    {
        ["images"] = options.Images == int.MaxValue ? null : options.Images,
        ["families"] = new JsonArray([.. options.Families.Select(f => (JsonNode)f.Name)]),
        ["levels"] = new JsonObject(options.Families.Select(f =>
            KeyValuePair.Create(f.Name, (JsonNode?)new JsonArray([.. f.Levels.Select(l => (JsonNode)l)])))),
        ["grayscale"] = options.Grayscale,
        ["contrast"] = options.Contrast,
        ["quantize"] = options.Quantize,
    };

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context) => context.Ranges(options.Images);

    // The clean images, then one scoring per family and level (level 0 included: it is scored, not assumed);
    // each noisy image is one application of its family's noise, which the dry run times per family.
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context) =>
        ItemCost.Scoring(item.Count, 1 + options.Families.Sum(f => (long)f.Levels.Count)).WithTransforms(
            options.Families
                .Select(f => new TransformCount(NoiseTransform(f), (long)item.Count * f.Levels.Count))
                .Prepend(ItemCost.Decode(item.Count)));

    /// <summary>One family's noise as a transform the dry run can time (at its strongest level, with the sweep's options).</summary>
    private PerImageTransformFamily NoiseTransform(NoiseSweepFamily family) =>
        new($"noise-{family.Name}", shape =>
        {
            var applier = new AdditiveNoiseApplier(shape);
            var parameters = new AdditiveNoiseParameters(family.Family, family.Levels.Count == 0 ? 0 : family.Levels[^1], options.Grayscale, options.Contrast, options.Quantize);
            var random = new Random(0);
            return (image, _, destination) => applier.Apply(image, parameters, random, destination);
        });

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.Dataset.Shape;
        var applier = new AdditiveNoiseApplier(shape);
        var conditions = options.Families
            .SelectMany(f => f.Levels.Select(level => (f.Name, Parameters: Noise(f.Family, level), LevelText: LevelText(level))))
            .ToArray();
        // The applier keeps no scratch, so every worker thread shares the one instance.
        var counts = ConditionSweep.Run(
            input,
            new ImageWorkers<AdditiveNoiseApplier>(() => applier),
            conditions.Length,
            k => Condition(conditions[k].Name, conditions[k].Parameters.Level),
            (noise, k, image, id, destination) => noise.Apply(
                image, conditions[k].Parameters, SeedDerivation.CreateRandom(input.Seed, id, conditions[k].Name, conditions[k].LevelText), destination),
            cancellationToken);
        return new NoiseSweepPartial(counts);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var counts = ((NoiseSweepPartial)merged).Counts.Counts;
        var rows = new List<ResultRow>();
        if (!counts.TryGetValue(string.Empty, out var clean) || clean[0] == 0)
        {
            return new AnalysisSummary(rows, []);
        }

        var cleanAccuracy = (double)clean[1] / clean[0];
        rows.Add(Row(subject, string.Empty, "accuracy", cleanAccuracy, clean[0]));
        var half = HalfWay(cleanAccuracy, subject.ClassNames.Count);
        foreach (var family in options.Families)
        {
            var accuracies = new List<double>();
            foreach (var level in family.Levels)
            {
                var c = counts[Condition(family.Name, level)];
                accuracies.Add((double)c[1] / c[0]);
                rows.Add(Row(subject, Condition(family.Name, level), "accuracy", accuracies[^1], c[0]));
            }

            rows.Add(Row(subject, ResultCondition.Format(("noise", family.Name)), LevelHalfMetric, LevelHalf(family.Levels, accuracies, half), clean[0]));
        }

        return new AnalysisSummary(rows, []);
    }

    /// <summary>
    /// The first level at which the accuracy curve crosses <paramref name="halfWay"/>, by linear interpolation
    /// (<see cref="CurveCrossing"/>, as the frequency sweep's cutoff_half); null when it never does.
    /// </summary>
    public static double? LevelHalf(IReadOnlyList<double> levels, IReadOnlyList<double> accuracies, double halfWay) =>
        CurveCrossing.First(levels, accuracies, halfWay);

    /// <summary>Half-way between clean accuracy and chance (1 / classes, at least two classes).</summary>
    public static double HalfWay(double cleanAccuracy, int classes) => (cleanAccuracy + (1.0 / Math.Max(2, classes))) / 2;

    public ReportFigure? Gallery(IImageDataset dataset, string datasetName, long runSeed, ReportFigureBuilder figures)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(figures);
        if (dataset.Entries.Count == 0)
        {
            return null;
        }

        var shape = dataset.Shape;
        var image = new float[shape.Length];
        try
        {
            dataset.Load(0, image);
        }
        catch (ImageLoadException)
        {
            return null;
        }

        // The first image at the middle and the top level of each family.
        var applier = new AdditiveNoiseApplier(shape);
        var tiles = new List<(string, float[], int, int, int)> { ("clean", image, shape.Channels, shape.Height, shape.Width) };
        foreach (var family in options.Families)
        {
            var positive = family.Levels.Where(l => l > 0).ToArray();
            var shown = positive.Length == 0 ? [] : new[] { positive[positive.Length / 2], positive[^1] }.Distinct();
            foreach (var level in shown)
            {
                var noisy = new float[shape.Length];
                applier.Apply(image, Noise(family.Family, level), SeedDerivation.CreateRandom(runSeed, dataset.Entries[0].Id, family.Name, LevelText(level)), noisy);
                tiles.Add(($"{family.Name} {LevelText(level)}", noisy, shape.Channels, shape.Height, shape.Width));
            }
        }

        return figures.Gallery(
            $"gallery-{AnalysisName}-{datasetName}",
            AnalysisName,
            $"Additive noise: {datasetName}",
            tiles,
            caption: "The first image of the dataset with each noise family at a middle and at the largest level of its grid.");
    }

    public static string Condition(string family, double level) =>
        ResultCondition.Format(("noise", family), ("level", level));

    private AdditiveNoiseParameters Noise(NoiseFamily family, double level) =>
        new(family, level, options.Grayscale, options.Contrast, options.Quantize);

    private static string LevelText(double level) => level.ToString("R", CultureInfo.InvariantCulture);

    private static ResultRow Row(AnalysisSubject subject, string condition, string metric, double? value, long n) =>
        new(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n);
}
