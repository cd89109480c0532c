using System.Globalization;
using System.Text.Json.Nodes;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// The blur defense (DESIGN.md section 4): the model behind a fixed circular Gaussian blur, for a
/// sweep of sigmas beside the plain model (sigma 0), scored on clean images, under attacks that
/// pass their gradients through the blur, and under corruptions. A blur put in front of a model not
/// trained with it costs clean accuracy; the report shows both.
/// </summary>
/// <remarks>
/// Corrupted images are seeded as in the corruptions analysis (run seed, image id, corruption,
/// severity), so every sigma sees the same corrupted images.
/// </remarks>
public sealed class BlurDefenseAnalysis(BlurDefenseOptions options, CorruptionCatalog catalog, Func<AttackRequest, IAttack> createAttack) : IAnalysis
{
    public const string AnalysisName = "blur-defense";

    public string Name => AnalysisName;

    public JsonObject Parameters
    {
        get
        {
            var parameters = new JsonObject
            {
                ["images"] = options.Images == int.MaxValue ? null : options.Images,
                ["sigmas"] = new JsonArray([.. options.Sigmas.Select(s => (JsonNode)s)]),
            };
            options.Set.AddTo(parameters);
            parameters["corruptions"] = new JsonArray([.. options.Corruptions.Select(c => (JsonNode)c)]);
            parameters["severities"] = new JsonArray([.. options.Severities.Select(s => (JsonNode)s)]);
            return parameters;
        }
    }

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context) => context.Ranges(options.Images);

    // Per model (the plain one and one per sigma): the clean check, the attacks on each correctly
    // classified image, and one scoring per corruption and severity.
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context)
    {
        var models = 1L + options.Sigmas.Count;
        var perAttack = new AttackEvaluator(createAttack).MaxAttackPasses(options.Set, context.Shape, context.ClassCount);
        var scorings = PassCount.Forwards(item.Count * models * (1 + ((long)options.Corruptions.Count * options.Severities.Count)));
        // The corrupted images are made once per image and scored by every model.
        return new ItemCost(item.Count, scorings + (perAttack * (item.Count * models)), perAttack, item.Count * models).WithTransforms(
            options.Corruptions
                .Select(name => new TransformCount(new CorruptionTransform(catalog.Get(name), options.Severities, preset: null, quantize: true, jpeg: true), (long)item.Count * options.Severities.Count))
                .Prepend(ItemCost.Decode(item.Count)));
    }

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var source = input.RequireGradientModels(AnalysisName);
        var sigmas = new[] { 0.0 }.Concat(options.Sigmas).ToArray();
        var models = sigmas.Select(s => source.Get(s == 0 ? null : s)).ToArray();
        var shape = input.Dataset.Shape;
        var evaluator = new AttackEvaluator(createAttack);
        var counts = new ConditionCounts();
        var preset = CorruptionCatalog.PresetFor(shape.Height, shape.Width);
        int? jpeg = preset == CorruptionPreset.ImageNetC ? CorruptionApplier.ImageNetCJpegQuality : null;
        var workers = new ImageWorkers<CorruptionApplier>(() => new CorruptionApplier(shape));
        foreach (var batch in input.Reader.Read(input.Item.Indices(input.Dataset.Entries.Count), compact: true, cancellationToken))
        {
            var n = batch.Count;
            for (var s = 0; s < sigmas.Length; s++)
            {
                evaluator.Evaluate(models[s], batch.Pixels, batch.Labels, batch.Ids, n, input.Seed, options.Set, counts, SigmaPrefix(sigmas[s]), cancellationToken);
            }

            if (options.Corruptions.Count > 0)
            {
                var corrupted = new float[n * shape.Length];
                var logits = new float[n * models[0].ClassCount];
                foreach (var name in options.Corruptions)
                {
                    var corruption = catalog.Get(name);
                    foreach (var severity in options.Severities)
                    {
                        var severityText = severity.ToString(CultureInfo.InvariantCulture);
                        workers.For(n, (applier, i) => applier.Apply(
                            corruption,
                            batch.Image(i),
                            severity,
                            preset,
                            SeedDerivation.CreateRandom(input.Seed, batch.Ids[i], corruption.Name, severityText),
                            quantize: true,
                            jpeg,
                            corrupted.AsSpan(i * shape.Length, shape.Length)), cancellationToken);
                        for (var s = 0; s < sigmas.Length; s++)
                        {
                            models[s].Score(corrupted, n, logits, cancellationToken);
                            var correct = TopK.CountCorrect(logits, models[s].ClassCount, batch.Labels.AsSpan(0, n));
                            counts.Add(SigmaPrefix(sigmas[s]) + CorruptionsAnalysis.Condition(name, severity), n, correct);
                        }
                    }
                }
            }

            input.Progress?.Report(n);
        }

        return new BlurDefensePartial(counts);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var counts = ((BlurDefensePartial)merged).Counts.Counts;
        var rows = new List<ResultRow>();
        foreach (var sigma in new[] { 0.0 }.Concat(options.Sigmas))
        {
            var prefix = SigmaPrefix(sigma);
            var clean = prefix.TrimEnd(';');
            if (!counts.TryGetValue(clean, out var cleanCounts) || cleanCounts[0] == 0)
            {
                continue;
            }

            rows.Add(Row(subject, clean, "accuracy", (double)cleanCounts[1] / cleanCounts[0], cleanCounts[0]));
            var corruptionAccuracies = new List<double>();
            foreach (var (condition, c) in counts)
            {
                if (!condition.StartsWith(prefix, StringComparison.Ordinal) || c[0] == 0)
                {
                    continue;
                }

                if (condition.Contains("corruption=", StringComparison.Ordinal))
                {
                    corruptionAccuracies.Add((double)c[1] / c[0]);
                }
                else
                {
                    rows.Add(Row(subject, condition, "robust_accuracy", (double)c[1] / c[0], c[0]));
                }
            }

            if (corruptionAccuracies.Count > 0)
            {
                // The mean over the corruptions and severities asked for (each over the same images).
                rows.Add(Row(subject, clean, "corruption_accuracy", corruptionAccuracies.Average(), cleanCounts[0] * corruptionAccuracies.Count));
            }
        }

        return new AnalysisSummary(rows, []);
    }

    public static string SigmaPrefix(double sigma) => ResultCondition.Format(("sigma", sigma)) + ";";

    private static ResultRow Row(AnalysisSubject subject, string condition, string metric, double value, long n) =>
        new(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n);
}
