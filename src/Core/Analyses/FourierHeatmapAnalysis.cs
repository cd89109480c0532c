using System.Globalization;
using System.Text.Json.Nodes;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// The Fourier heat map (Yin et al. 2019, DESIGN.md section 4): the error rate when each image gets
/// x + v r_c U_ij per channel c, clipped to [0, 1], with U_ij the unit-L2 Fourier basis image of frequency (i, j)
/// and r_c a random sign per image, frequency and channel, for every frequency of the shifted spectrum inside a
/// window around DC. U_ij and U_-i-j are the same image, so each Hermitian pair is evaluated once and the map is
/// mirrored; the signs are seeded by (run seed, image id, "fourier", canonical bin), so they do not depend on
/// batching, blocks or workers.
/// </summary>
/// <remarks>
/// Planned as image ranges x blocks of basis images (item key <c>bBBBB.SSSSSSS</c>: block, first image), so a cloud
/// run fans one model's map out over many workers. Rows: the clean <c>accuracy</c>; <c>perturbation_l2</c> (v);
/// per cell <c>fy=..;fx=..</c> (fractions of Nyquist, fixed key order) <c>error_rate</c>; and the mean error rate
/// over the cells of each radial band, <c>band=low|mid|high|all</c> (c &lt;= 1/3, 1/3 &lt; c &lt;= 2/3, c &gt; 2/3;
/// a band without cells in the window gets no row).
/// </remarks>
public sealed class FourierHeatmapAnalysis(FourierHeatmapOptions options) : IAnalysis, IGalleryAnalysis
{
    public const string AnalysisName = "fourier-heatmap";

    public const string ErrorRateMetric = "error_rate";

    public const string PerturbationMetric = "perturbation_l2";

    /// <summary>Upper edges (fractions of Nyquist) of the low and mid bands; the high band is the rest.</summary>
    public static IReadOnlyList<(string Name, double Upper)> Bands { get; } =
        [("low", 1 / 3.0), ("mid", 2 / 3.0), ("high", double.PositiveInfinity)];

    public string Name => AnalysisName;

    public JsonObject Parameters => options.ToJson();

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context)
    {
        var shape = context.Dataset.Shape;
        var basis = Layout(shape);
        var blocks = (basis.BasisCount + options.BlockSize - 1) / options.BlockSize;
        var ranges = context.Ranges(options.Images);
        var items = new List<AnalysisItem>(blocks * ranges.Count);
        for (var block = 0; block < blocks; block++)
        {
            var prefix = "b" + block.ToString("D4", CultureInfo.InvariantCulture) + ".";
            items.AddRange(ranges.Select(range => range with { Key = prefix + range.Key }));
        }

        return items;
    }

    // One scoring per image and basis image of the item's block; the first block also scores the clean images.
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context)
    {
        var basis = Layout(context.Shape);
        var block = ParseBlock(item.Key);
        var count = Math.Clamp(basis.BasisCount - (block * options.BlockSize), 0, options.BlockSize);
        return ItemCost.Scoring(item.Count, count + (block == 0 ? 1 : 0)).WithTransforms(ItemCost.Decode(item.Count));
    }

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var shape = input.Dataset.Shape;
        var classifier = input.Classifier;
        var basis = Layout(shape);
        var block = ParseBlock(input.Item.Key);
        var first = block * options.BlockSize;
        if (first >= basis.BasisCount)
        {
            throw new InvalidOperationException($"{AnalysisName} item {input.Item.Key}: block {block} is past the {basis.BasisCount} basis images.");
        }

        var count = Math.Min(options.BlockSize, basis.BasisCount - first);
        var v = options.ResolveV(shape);
        var plane = shape.Height * shape.Width;
        var planes = BasisPlanes(basis, first, count);
        var clean = new long[2];
        var correct = new long[count];
        long images = 0;
        var chunk = Math.Max(1, classifier.BatchSize);
        var logits = new float[chunk * classifier.ClassCount];
        var pipeline = new TransformPipeline(chunk * shape.Length);
        var signs = new ulong[chunk * count];
        foreach (var batch in input.Reader.Read(input.Item.Indices(input.Dataset.Entries.Count), compact: true, cancellationToken))
        {
            for (var start = 0; start < batch.Count; start += chunk)
            {
                var n = Math.Min(chunk, batch.Count - start);
                var pixels = batch.PixelMemory.Slice(start * shape.Length, n * shape.Length);
                var labels = batch.Labels.AsSpan(start, n).ToArray();
                if (block == 0)
                {
                    classifier.Score(pixels.Span, n, logits, cancellationToken);
                    clean[0] += n;
                    clean[1] += TopK.CountCorrect(logits, classifier.ClassCount, labels);
                }

                for (var i = 0; i < n; i++)
                {
                    for (var k = 0; k < count; k++)
                    {
                        signs[(i * count) + k] = Signs(input.Seed, batch.Ids[start + i], basis.TransformId(first + k));
                    }
                }

                pipeline.Run(
                    count,
                    (k, buffer) => Perturb(pixels.Span, n, shape, planes.AsSpan(k * plane, plane), v, signs, count, k, buffer),
                    (k, buffer) =>
                    {
                        classifier.Score(buffer.AsSpan(0, n * shape.Length), n, logits, cancellationToken);
                        correct[k] += TopK.CountCorrect(logits, classifier.ClassCount, labels);
                    },
                    cancellationToken);
                images += n;
            }

            input.Progress?.Report(batch.Count);
        }

        var bins = new SortedDictionary<int, long[]>();
        for (var k = 0; k < count; k++)
        {
            bins[basis.BinOf(first + k)] = [images, correct[k]];
        }

        return new FourierHeatmapPartial(shape.Height, shape.Width, v, clean, bins);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var partial = (FourierHeatmapPartial)merged;
        var rows = new List<ResultRow>();
        void Add(string condition, string metric, double? value, long n) =>
            rows.Add(new ResultRow(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n));

        if (partial.Clean[0] > 0)
        {
            Add(string.Empty, "accuracy", (double)partial.Clean[1] / partial.Clean[0], partial.Clean[0]);
        }

        var basis = new FourierHeatmapBasis(partial.Height, partial.Width, options.ResolveWindow(new ImageShape(1, partial.Height, partial.Width)));
        var bandSums = new double[Bands.Count];
        var bandCells = new int[Bands.Count];
        double allSum = 0;
        var allCells = 0;
        long images = 0;
        var cells = new List<(string Condition, double Value, long N)>();
        for (var r = 0; r < basis.Ky.Count; r++)
        {
            for (var c = 0; c < basis.Kx.Count; c++)
            {
                var bin = basis.Bin(basis.Ky[r], basis.Kx[c]);
                if (!partial.Bins.TryGetValue(bin, out var counts) && !partial.Bins.TryGetValue(basis.MirrorBin(bin), out counts))
                {
                    continue;
                }

                if (counts[0] == 0)
                {
                    continue;
                }

                var fy = FourierHeatmapBasis.Fraction(basis.Ky[r], partial.Height);
                var fx = FourierHeatmapBasis.Fraction(basis.Kx[c], partial.Width);
                var error = (double)(counts[0] - counts[1]) / counts[0];
                cells.Add((CellCondition(fy, fx), error, counts[0]));
                var radius = Math.Sqrt((fy * fy) + (fx * fx));
                var band = 0;
                while (radius > Bands[band].Upper + FrequencyGrid.RadiusTolerance)
                {
                    band++;
                }

                bandSums[band] += error;
                bandCells[band]++;
                allSum += error;
                allCells++;
                images = Math.Max(images, counts[0]);
            }
        }

        if (cells.Count == 0)
        {
            return new AnalysisSummary(rows, []);
        }

        Add(string.Empty, PerturbationMetric, partial.V, images);
        rows.AddRange(cells.Select(cell => new ResultRow(subject.Dataset, subject.Model, AnalysisName, cell.Condition, ErrorRateMetric, cell.Value, cell.N)));
        for (var b = 0; b < Bands.Count; b++)
        {
            if (bandCells[b] > 0)
            {
                Add(BandCondition(Bands[b].Name), ErrorRateMetric, bandSums[b] / bandCells[b], images);
            }
        }

        Add(BandCondition("all"), ErrorRateMetric, allSum / allCells, images);
        return new AnalysisSummary(rows, []);
    }

    public ReportFigure? Gallery(Data.IImageDataset dataset, string datasetName, long runSeed, ReportFigureBuilder figures)
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

        var basis = Layout(shape);
        var v = options.ResolveV(shape);
        var fft = new Fft2D(shape.Height, shape.Width);
        var plane = new float[shape.Height * shape.Width];
        var tiles = new List<(string, float[], int, int, int)> { ("original", image, shape.Channels, shape.Height, shape.Width) };
        var id = dataset.Entries[0].Id;

        // A few frequencies along the diagonal from DC outward, within the window.
        var rowCentre = basis.Ky.Count(k => k < 0);
        var columnCentre = basis.Kx.Count(k => k < 0);
        var reach = Math.Min(basis.Ky.Count - 1 - rowCentre, basis.Kx.Count - 1 - columnCentre);
        foreach (var step in new[] { 1, reach / 4, reach / 2, reach }.Where(s => s >= 1).Distinct())
        {
            var (row, column) = (rowCentre, columnCentre + step);
            var index = basis.BasisOf(row, column);
            basis.BasisImage(basis.BinOf(index), fft, plane);
            var perturbed = new float[shape.Length];
            var signs = new ulong[1];
            signs[0] = Signs(runSeed, id, basis.TransformId(index));
            Perturb(image, 1, shape, plane, v, signs, 1, 0, perturbed);
            tiles.Add(($"fx {FigureText.Short(FourierHeatmapBasis.Fraction(basis.Kx[column], shape.Width))}", perturbed, shape.Channels, shape.Height, shape.Width));
        }

        return figures.Gallery(
            $"gallery-{AnalysisName}-{datasetName}",
            AnalysisName,
            $"Fourier basis perturbations: {datasetName}",
            tiles,
            caption: string.Create(
                CultureInfo.InvariantCulture,
                $"The first image of the dataset plus v = {v} times a unit-L2 Fourier basis image (a random sign per channel), clipped to [0, 1], at fy = 0 and horizontal frequencies fx (fractions of Nyquist)."));
    }

    /// <summary>The condition of a heat map cell: <c>fy=..;fx=..</c>, fractions of Nyquist.</summary>
    public static string CellCondition(double fy, double fx) => ResultCondition.Format(("fy", fy), ("fx", fx));

    public static string BandCondition(string band) => ResultCondition.Format(("band", band));

    /// <summary>The sign bits of one image and basis image: bit c set means channel c gets -v U.</summary>
    public static ulong Signs(long runSeed, string imageId, string transformId) =>
        SeedDerivation.Derive(runSeed, imageId, "fourier", transformId);

    /// <summary>The basis layout for images of <paramref name="shape"/> under these options.</summary>
    public FourierHeatmapBasis Layout(ImageShape shape) =>
        new(shape.Height, shape.Width, options.ResolveWindow(shape), options.MirrorHalfPlane);

    /// <summary>The block of a planned item key <c>bBBBB.SSSSSSS</c>.</summary>
    public static int ParseBlock(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return key.Length > 1 && key[0] == 'b' && dot > 1 && int.TryParse(key.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var block)
            ? block
            : throw new InvalidOperationException($"{AnalysisName} item key '{key}' is not bBBBB.SSSSSSS.");
    }

    private static float[] BasisPlanes(FourierHeatmapBasis basis, int first, int count)
    {
        var plane = basis.Height * basis.Width;
        var planes = new float[count * plane];
        var fft = new Fft2D(basis.Height, basis.Width);
        var spectrum = new System.Numerics.Complex[plane];
        for (var k = 0; k < count; k++)
        {
            basis.BasisImage(basis.BinOf(first + k), fft, planes.AsSpan(k * plane, plane), spectrum);
        }

        return planes;
    }

    /// <summary>buffer[i] = clip(images[i] + v r U) for the n images, with r per channel from the sign bits of (i, k).</summary>
    private static void Perturb(ReadOnlySpan<float> images, int n, ImageShape shape, ReadOnlySpan<float> u, double v, ulong[] signs, int count, int k, Span<float> buffer)
    {
        var plane = shape.Height * shape.Width;
        var scaled = new float[plane];
        for (var p = 0; p < plane; p++)
        {
            scaled[p] = (float)(v * u[p]);
        }

        for (var i = 0; i < n; i++)
        {
            var bits = signs[(i * count) + k];
            for (var c = 0; c < shape.Channels; c++)
            {
                var offset = (i * shape.Length) + (c * plane);
                var source = images.Slice(offset, plane);
                var target = buffer.Slice(offset, plane);
                if (((bits >> (c % 64)) & 1) == 0)
                {
                    for (var p = 0; p < plane; p++)
                    {
                        target[p] = Math.Clamp(source[p] + scaled[p], 0f, 1f);
                    }
                }
                else
                {
                    for (var p = 0; p < plane; p++)
                    {
                        target[p] = Math.Clamp(source[p] - scaled[p], 0f, 1f);
                    }
                }
            }
        }
    }
}
