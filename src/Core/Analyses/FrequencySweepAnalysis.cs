using System.Text.Json.Nodes;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Data;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Accuracy of low-pass and high-pass filtered images over a grid of cutoffs (DESIGN.md section 4),
/// with per curve the cutoff where accuracy is half-way between clean accuracy and chance.
/// </summary>
/// <remarks>
/// Each image's spectrum is computed once; each distinct mask is applied once and its counts are
/// reported under every cutoff that gives that mask (on 32 px images many small cutoffs keep only DC).
/// </remarks>
public sealed class FrequencySweepAnalysis(FrequencySweepOptions options) : IAnalysis, IGalleryAnalysis
{
    public const string AnalysisName = "frequency-sweep";

    // Spectra of a chunk of images are held at once: bounded to about 64 MiB whatever the image size.
    private const long SpectrumBudgetBytes = 64L << 20;

    public string Name => AnalysisName;

    public JsonObject Parameters => new()
    {
        ["images"] = options.Images == int.MaxValue ? null : options.Images,
        ["cutoffs"] = new JsonArray([.. options.Cutoffs.Select(c => (JsonNode)c)]),
        ["filters"] = new JsonArray([.. options.Filters.Select(f => (JsonNode)FilterNames.Of(f))]),
        ["shapes"] = new JsonArray([.. options.Shapes.Select(s => (JsonNode)FilterNames.Of(s))]),
    };

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context) => context.Ranges(options.Images);

    // The clean images, then one scoring per filter kind and distinct mask (cutoffs that give the same mask share it).
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context)
    {
        var grid = new FrequencyGrid(context.Shape.Height, context.Shape.Width);
        var masks = options.Shapes.Sum(s => new FrequencyMaskSet(grid, s, options.Cutoffs).DistinctMasks.Count);
        var filtered = (long)options.Filters.Count * masks;
        return ItemCost.Scoring(item.Count, 1 + filtered).WithTransforms(
            ItemCost.Decode(item.Count),
            new TransformCount(FrequencyTransforms.Spectrum, item.Count),
            new TransformCount(FrequencyTransforms.Filter, item.Count * filtered));
    }

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var shape = input.Dataset.Shape;
        var classifier = input.Classifier;
        var grid = new FrequencyGrid(shape.Height, shape.Width);
        var maskSets = options.Shapes.Select(s => new FrequencyMaskSet(grid, s, options.Cutoffs)).ToArray();
        var chunk = ChunkSize(shape, classifier.BatchSize);
        var spectra = Enumerable.Range(0, chunk).Select(_ => new ImageSpectrum(shape)).ToArray();
        var workers = new ImageWorkers<FrequencyWorkspace>(() => new FrequencyWorkspace(shape.Height, shape.Width));
        var pipeline = new TransformPipeline(chunk * shape.Length);
        // Every (filter, shape, distinct mask): the images of one condition are made while the previous one is scored.
        var conditions = options.Filters
            .SelectMany(kind => maskSets.SelectMany(set => Enumerable.Range(0, set.DistinctMasks.Count).Select(m => (kind, set, m))))
            .ToArray();
        var logits = new float[chunk * classifier.ClassCount];
        var counts = new ConditionCounts();
        foreach (var batch in input.Reader.Read(input.Item.Indices(input.Dataset.Entries.Count), compact: true, cancellationToken))
        {
            for (var first = 0; first < batch.Count; first += chunk)
            {
                var n = Math.Min(chunk, batch.Count - first);
                var images = batch.Pixels.Slice(first * shape.Length, n * shape.Length);
                var labels = batch.Labels.AsSpan(first, n);
                Score(classifier, images, n, labels, logits, string.Empty, counts, cancellationToken);
                var offset = first;
                workers.For(n, (w, i) => spectra[i].Compute(batch.Image(offset + i), w.Fft), cancellationToken);
                pipeline.Run(
                    conditions.Length,
                    (k, buffer) =>
                    {
                        var (kind, set, m) = conditions[k];
                        workers.For(n, (w, i) => w.Filter.Apply(spectra[i], set.DistinctMasks[m], kind, buffer.AsSpan(i * shape.Length, shape.Length), w.Fft), cancellationToken);
                    },
                    (k, buffer) =>
                    {
                        var (kind, set, m) = conditions[k];
                        classifier.Score(buffer, n, logits, cancellationToken);
                        var hits = TopK.CountCorrect(logits, classifier.ClassCount, batch.Labels.AsSpan(offset, n));
                        foreach (var c in set.CutoffIndicesOf(m))
                        {
                            counts.Add(Condition(kind, set.Shape, options.Cutoffs[c]), n, hits);
                        }
                    },
                    cancellationToken);
            }

            input.Progress?.Report(batch.Count);
        }

        return new FrequencySweepPartial(counts);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var counts = ((FrequencySweepPartial)merged).Counts.Counts;
        var rows = new List<ResultRow>();
        if (!counts.TryGetValue(string.Empty, out var clean) || clean[0] == 0)
        {
            return new AnalysisSummary(rows, []);
        }

        var cleanAccuracy = (double)clean[1] / clean[0];
        var chance = 1.0 / Math.Max(2, subject.ClassNames.Count);
        rows.Add(Row(subject, string.Empty, "accuracy", cleanAccuracy, clean[0]));
        foreach (var kind in options.Filters)
        {
            foreach (var shape in options.Shapes)
            {
                var accuracies = new List<double>();
                foreach (var cutoff in options.Cutoffs)
                {
                    var c = counts[Condition(kind, shape, cutoff)];
                    var accuracy = (double)c[1] / c[0];
                    accuracies.Add(accuracy);
                    rows.Add(Row(subject, Condition(kind, shape, cutoff), "accuracy", accuracy, c[0]));
                }

                var half = CurveCrossing.First(options.Cutoffs, accuracies, (cleanAccuracy + chance) / 2);
                rows.Add(Row(subject, ResultCondition.Format(("filter", FilterNames.Of(kind)), ("shape", FilterNames.Of(shape))), "cutoff_half", half, clean[0]));
            }
        }

        return new AnalysisSummary(rows, []);
    }

    public ReportFigure? Gallery(IImageDataset dataset, string datasetName, long runSeed, ReportFigureBuilder figures)
    {
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
        catch (Data.ImageLoadException)
        {
            return null;
        }

        var workspace = new FrequencyWorkspace(shape.Height, shape.Width);
        var spectrum = new ImageSpectrum(shape);
        spectrum.Compute(image, workspace.Fft);
        var grid = new FrequencyGrid(shape.Height, shape.Width);
        var tiles = new List<(string, float[], int, int, int)> { ("original", image, shape.Channels, shape.Height, shape.Width) };
        foreach (var kind in new[] { FilterKind.LowPass, FilterKind.HighPass })
        {
            foreach (var cutoff in new[] { 0.1, 0.25, 0.5 })
            {
                var filtered = new float[shape.Length];
                workspace.Filter.Apply(spectrum, FrequencyMask.LowPass(grid, FilterShape.Ideal, cutoff), kind, filtered, workspace.Fft);
                tiles.Add(($"{FilterNames.Of(kind)} {cutoff.ToString(System.Globalization.CultureInfo.InvariantCulture)}", filtered, shape.Channels, shape.Height, shape.Width));
            }
        }

        return figures.Gallery(
            $"gallery-{AnalysisName}-{datasetName}",
            AnalysisName,
            $"Ideal low-pass and high-pass filtering: {datasetName}",
            tiles,
            caption: "The first image of the dataset, low-pass and high-pass filtered at cutoffs 0.1, 0.25 and 0.5 of Nyquist (high-pass images get their mean added back).");
    }

    public static string Condition(FilterKind kind, FilterShape shape, double cutoff) =>
        ResultCondition.Format(("filter", FilterNames.Of(kind)), ("shape", FilterNames.Of(shape)), ("cutoff", cutoff));

    private static ResultRow Row(AnalysisSubject subject, string condition, string metric, double? value, long n) =>
        new(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n);

    private static int ChunkSize(ImageShape shape, int batchSize)
    {
        var perImage = (long)shape.Length * 16;
        return (int)Math.Clamp(SpectrumBudgetBytes / perImage, 1, Math.Max(1, batchSize));
    }

    private static void Score(
        Scoring.IClassifier classifier,
        ReadOnlySpan<float> images,
        int n,
        ReadOnlySpan<int> labels,
        float[] logits,
        string condition,
        ConditionCounts counts,
        CancellationToken cancellationToken)
    {
        classifier.Score(images, n, logits, cancellationToken);
        counts.Add(condition, n, TopK.CountCorrect(logits, classifier.ClassCount, labels));
    }
}
