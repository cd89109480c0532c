using System.Globalization;
using System.Text.Json.Nodes;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Data;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// The study's hybrid-image probe (DESIGN.md section 4): X = low frequencies of A + high
/// frequencies of B at mixing frequency alpha; p_low and p_high per alpha and seed, and f_rev,
/// the alpha where p_low - p_high first crosses zero.
/// </summary>
/// <remarks>
/// Pairings are decided at plan time from (run seed, hybrid seed, image ids and labels) and carried
/// by the work items. Each pair's spectrum of A - B is computed once per item and reused for every alpha.
/// </remarks>
public sealed class HybridAnalysis(HybridOptions options) : IAnalysis, IGalleryAnalysis
{
    public const string AnalysisName = "hybrid";

    private const long SpectrumBudgetBytes = 64L << 20;

    public string Name => AnalysisName;

    public JsonObject Parameters => new()
    {
        ["images"] = options.Images == int.MaxValue ? null : options.Images,
        ["seeds"] = new JsonArray([.. options.Seeds.Select(s => (JsonNode)s)]),
        ["alphas"] = new JsonArray([.. options.Alphas.Select(a => (JsonNode)a)]),
    };

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context)
    {
        var n = context.Used(options.Images);
        var entries = Enumerable.Range(0, n).Select(i => context.EntryAt(i, options.Images)).ToArray();
        var labels = entries.Select(e => e.Label).ToArray();
        var items = new List<AnalysisItem>();
        foreach (var seed in options.Seeds)
        {
            var seedText = seed.ToString(CultureInfo.InvariantCulture);
            var partners = HybridPairing.Pair(labels, SeedDerivation.CreateRandom(context.RunSeed, AnalysisName, seedText), context.Dataset.Source);
            for (var start = 0; start < n; start += context.ItemSize)
            {
                var count = Math.Min(context.ItemSize, n - start);
                var pairs = Enumerable.Range(start, count).Select(i => new ImagePair(entries[i].Id, entries[partners[i]].Id)).ToArray();
                items.Add(new AnalysisItem($"s{seedText}.{start:D7}", start, count, pairs));
            }
        }

        return items;
    }

    // One scoring per pair and distinct ideal mask (alphas that give the same mask share it); no clean scoring.
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context)
    {
        var masks = new FrequencyMaskSet(new FrequencyGrid(context.Shape.Height, context.Shape.Width), FilterShape.Ideal, options.Alphas);
        // Both images of each pair are read and transformed; one hybrid per pair and distinct mask.
        return ItemCost.Scoring(item.Count, masks.DistinctMasks.Count).WithTransforms(
            ItemCost.Decode(2L * item.Count),
            new TransformCount(FrequencyTransforms.Spectrum, 2L * item.Count),
            new TransformCount(FrequencyTransforms.Hybrid, (long)item.Count * masks.DistinctMasks.Count));
    }

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var pairs = input.Item.Pairs ?? throw new InvalidOperationException($"hybrid item {input.Item.Key} carries no pairs.");
        var seed = int.Parse(input.Item.Key.AsSpan(1, input.Item.Key.IndexOf('.', StringComparison.Ordinal) - 1), CultureInfo.InvariantCulture);
        var shape = input.Dataset.Shape;
        var classifier = input.Classifier;
        var masks = new FrequencyMaskSet(new FrequencyGrid(shape.Height, shape.Width), FilterShape.Ideal, options.Alphas);
        var bands = masks.DistinctMasks.Select(m => new HybridMaskBand(m)).ToArray();
        var chunk = (int)Math.Clamp(SpectrumBudgetBytes / (shape.Length * 16L), 1, Math.Max(1, classifier.BatchSize));
        // One spectrum per pair, of A - B: the pruned composer needs only the difference and the two images.
        var differences = Enumerable.Range(0, chunk).Select(_ => new ImageSpectrum(shape)).ToArray();
        var lowLabels = new int[chunk];
        var highLabels = new int[chunk];
        var workers = new ImageWorkers<FrequencyWorkspace>(() => new FrequencyWorkspace(shape.Height, shape.Width));
        var pipeline = new TransformPipeline(chunk * shape.Length);
        var logits = new float[chunk * classifier.ClassCount];
        var counts = new ConditionCounts();

        // Images are read as A, B, A, B, ... with failed slots kept, so a pair is two consecutive slots.
        var indices = new int[pairs.Count * 2];
        for (var i = 0; i < pairs.Count; i++)
        {
            indices[2 * i] = input.IndexOf(pairs[i].A);
            indices[(2 * i) + 1] = input.IndexOf(pairs[i].B);
        }

        var aImages = new float[chunk * shape.Length];
        var bImages = new float[chunk * shape.Length];
        var pending = 0;
        var position = 0;
        var aLoaded = false;
        foreach (var batch in input.Reader.Read(indices, compact: false, cancellationToken))
        {
            for (var i = 0; i < batch.Count; i++, position++)
            {
                if (position % 2 == 0)
                {
                    // A waits in the next free slot until its B arrives (a pair may straddle two batches).
                    aLoaded = batch.Ids[i] is not null;
                    lowLabels[pending] = batch.Labels[i];
                    batch.Image(i).CopyTo(aImages.AsSpan(pending * shape.Length, shape.Length));
                    continue;
                }

                if (!aLoaded || batch.Ids[i] is null)
                {
                    continue; // an unreadable image drops its pair; the reader lists it as skipped
                }

                highLabels[pending] = batch.Labels[i];
                batch.Image(i).CopyTo(bImages.AsSpan(pending * shape.Length, shape.Length));
                if (++pending == chunk)
                {
                    Flush(pending);
                    pending = 0;
                }
            }

            input.Progress?.Report(batch.Count / 2);
        }

        Flush(pending);
        return new HybridPartial(counts);

        void Flush(int n)
        {
            if (n == 0)
            {
                return;
            }

            workers.For(n, (w, i) => differences[i].ComputeDifference(Image(aImages, i), Image(bImages, i), w.Fft), cancellationToken);
            pipeline.Run(
                masks.DistinctMasks.Count,
                (m, buffer) => workers.For((n + 1) / 2, (w, k) =>
                {
                    // Two hybrids per call: the odd third channels of both share one complex inverse.
                    var i = 2 * k;
                    if (i + 1 < n)
                    {
                        w.PrunedHybrid.ComposePair(Source(i), Source(i + 1), bands[m], Image(buffer, i), Image(buffer, i + 1), w.Fft);
                    }
                    else
                    {
                        w.PrunedHybrid.Compose(Source(i), bands[m], Image(buffer, i), w.Fft);
                    }
                }, cancellationToken),
                (m, buffer) =>
                {
                    classifier.Score(buffer, n, logits, cancellationToken);
                    long lowHits = 0, highHits = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var predicted = TopK.ArgMax(logits.AsSpan(i * classifier.ClassCount, classifier.ClassCount));
                        lowHits += predicted == lowLabels[i] ? 1 : 0;
                        highHits += predicted == highLabels[i] ? 1 : 0;
                    }

                    foreach (var a in masks.CutoffIndicesOf(m))
                    {
                        counts.Add(Condition(options.Alphas[a], seed), n, lowHits, highHits);
                    }
                },
                cancellationToken);
        }

        Span<float> Image(float[] images, int i) => images.AsSpan(i * shape.Length, shape.Length);

        HybridSource Source(int i) => new(Image(aImages, i), Image(bImages, i), differences[i]);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var counts = ((HybridPartial)merged).Counts.Counts;
        var rows = new List<ResultRow>();
        var fRevs = new List<double>();
        long images = 0;
        var meanLow = new double[options.Alphas.Count];
        var meanHigh = new double[options.Alphas.Count];
        var pairsPerAlpha = new long[options.Alphas.Count];
        var seedsPresent = 0;
        foreach (var seed in options.Seeds)
        {
            if (!counts.ContainsKey(Condition(options.Alphas[0], seed)))
            {
                continue;
            }

            seedsPresent++;
            var difference = new double[options.Alphas.Count];
            long seedImages = 0;
            for (var a = 0; a < options.Alphas.Count; a++)
            {
                var c = counts[Condition(options.Alphas[a], seed)];
                var pLow = (double)c[1] / c[0];
                var pHigh = (double)c[2] / c[0];
                rows.Add(Row(subject, Condition(options.Alphas[a], seed), "p_low", pLow, c[0]));
                rows.Add(Row(subject, Condition(options.Alphas[a], seed), "p_high", pHigh, c[0]));
                difference[a] = pLow - pHigh;
                meanLow[a] += pLow;
                meanHigh[a] += pHigh;
                pairsPerAlpha[a] += c[0];
                seedImages = c[0];
            }

            images += seedImages;
            var fRev = CurveCrossing.First(options.Alphas, difference, 0);
            rows.Add(Row(subject, SeedCondition(seed), "f_rev", fRev, seedImages));
            if (fRev is { } value)
            {
                fRevs.Add(value);
            }
        }

        if (seedsPresent == 0)
        {
            return new AnalysisSummary(rows, []);
        }

        for (var a = 0; a < options.Alphas.Count; a++)
        {
            var alpha = AlphaCondition(options.Alphas[a]);
            rows.Add(Row(subject, alpha, "p_low", meanLow[a] / seedsPresent, pairsPerAlpha[a]));
            rows.Add(Row(subject, alpha, "p_high", meanHigh[a] / seedsPresent, pairsPerAlpha[a]));
        }

        // Mean and sample standard deviation over the seeds whose curve crosses; per-seed rows show the others.
        double? mean = fRevs.Count > 0 ? fRevs.Average() : null;
        double? std = fRevs.Count > 1 ? Math.Sqrt(fRevs.Sum(v => (v - mean!.Value) * (v - mean.Value)) / (fRevs.Count - 1)) : null;
        rows.Add(Row(subject, string.Empty, "f_rev", mean, images));
        rows.Add(Row(subject, string.Empty, "f_rev_std", std, images));
        return new AnalysisSummary(rows, []);
    }

    public ReportFigure? Gallery(IImageDataset dataset, string datasetName, long runSeed, ReportFigureBuilder figures)
    {
        var plan = Plan(new AnalysisPlanContext(dataset, Math.Max(1, Math.Min(options.Images, dataset.Entries.Count)), runSeed));
        if (plan.Count == 0 || plan[0].Pairs is not { Count: > 0 } pairs)
        {
            return null;
        }

        var shape = dataset.Shape;
        var ids = dataset.Entries.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var a = new float[shape.Length];
        var b = new float[shape.Length];
        try
        {
            dataset.Load(ids[pairs[0].A], a);
            dataset.Load(ids[pairs[0].B], b);
        }
        catch (Data.ImageLoadException)
        {
            return null;
        }

        var workspace = new FrequencyWorkspace(shape.Height, shape.Width);
        var low = new ImageSpectrum(shape);
        var high = new ImageSpectrum(shape);
        low.Compute(a, workspace.Fft);
        high.Compute(b, workspace.Fft);
        var grid = new FrequencyGrid(shape.Height, shape.Width);
        var tiles = new List<(string, float[], int, int, int)> { ("A (low)", a, shape.Channels, shape.Height, shape.Width) };
        foreach (var alpha in new[] { 0.0, 0.05, 0.1, 0.2, 0.4 })
        {
            var hybrid = new float[shape.Length];
            workspace.Hybrid.Compose(low, high, FrequencyMask.LowPass(grid, FilterShape.Ideal, alpha), hybrid, workspace.Fft);
            tiles.Add(($"alpha {alpha.ToString(CultureInfo.InvariantCulture)}", hybrid, shape.Channels, shape.Height, shape.Width));
        }

        tiles.Add(("B (high)", b, shape.Channels, shape.Height, shape.Width));
        return figures.Gallery(
            $"gallery-{AnalysisName}-{datasetName}",
            AnalysisName,
            $"Hybrid images: {datasetName}",
            tiles,
            caption: $"A pair of seed {options.Seeds[0].ToString(CultureInfo.InvariantCulture)}: the low frequencies of A below alpha (fraction of Nyquist) plus the high frequencies of B above it.");
    }

    public static string Condition(double alpha, int seed) => ResultCondition.Format(("alpha", alpha), ("seed", seed));

    private static string AlphaCondition(double alpha) => ResultCondition.Format(("alpha", alpha));

    private static string SeedCondition(int seed) => ResultCondition.Format(("seed", seed));

    private static ResultRow Row(AnalysisSubject subject, string condition, string metric, double? value, long n) =>
        new(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n);
}
