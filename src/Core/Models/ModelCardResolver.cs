using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Models;

/// <summary>
/// Finds a model's card: command-line fields first, then a sidecar <c>&lt;model&gt;.json</c>, then a
/// catalog (<c>models.json</c> beside the model or up to three folders above it, or a given file),
/// then the ONNX metadata entry <c>cloudfreq.card</c>, then defaults read off the graph's input shape.
/// </summary>
public sealed class ModelCardResolver
{
    /// <summary>The ONNX metadata key holding a card as JSON.</summary>
    public const string MetadataKey = "cloudfreq.card";

    private const string CatalogFileName = "models.json";
    private const int CatalogSearchDepth = 3;

    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="graphInput">The graph's image input dims, batch first; -1 for symbolic dims.</param>
    /// <param name="metadata">The ONNX metadata_props.</param>
    /// <param name="overrides">Fields given on the command line.</param>
    /// <param name="catalogPath">A catalog file to consult first among catalogs, if any.</param>
    /// <param name="dataShape">The dataset's image shape, used for symbolic spatial dims.</param>
    public ResolvedModelCard Resolve(
        string modelPath,
        IReadOnlyList<long> graphInput,
        IReadOnlyDictionary<string, string> metadata,
        ModelCardFields? overrides = null,
        string? catalogPath = null,
        ImageShape? dataShape = null)
    {
        var modelName = Path.GetFileName(modelPath);
        if (graphInput.Count != 4)
        {
            throw new CloudFreqException(
                $"{modelName}: the graph's input is {ModelCardJson.FormatDims(graphInput)}; CloudFreq scores image classifiers with a 4-d input (NCHW or NHWC).");
        }

        var sources = new List<(CardSource Source, ModelCardFields Fields, string? File)>();
        if (overrides is not null)
        {
            sources.Add((CardSource.CommandLine, overrides, null));
        }

        var sidecar = Path.ChangeExtension(modelPath, ".json");
        if (File.Exists(sidecar))
        {
            sources.Add((CardSource.Sidecar, ModelCardJson.Parse(ReadText(sidecar), sidecar), sidecar));
        }

        if (FindCatalogEntry(modelPath, catalogPath) is { } catalog)
        {
            sources.Add((CardSource.Catalog, catalog.Fields, catalog.File));
        }

        if (metadata.TryGetValue(MetadataKey, out var cardJson))
        {
            sources.Add((CardSource.OnnxMetadata, ModelCardJson.Parse(cardJson, $"{modelName}: metadata '{MetadataKey}'"), null));
        }

        return Merge(modelPath, graphInput, sources, dataShape);
    }

    private static ResolvedModelCard Merge(
        string modelPath,
        IReadOnlyList<long> graphInput,
        List<(CardSource Source, ModelCardFields Fields, string? File)> sources,
        ImageShape? dataShape)
    {
        var modelName = Path.GetFileName(modelPath);
        T? First<T>(Func<ModelCardFields, T?> field) where T : class =>
            sources.Select(s => field(s.Fields)).FirstOrDefault(v => v is not null);
        T? FirstValue<T>(Func<ModelCardFields, T?> field) where T : struct =>
            sources.Select(s => field(s.Fields)).FirstOrDefault(v => v is not null);

        var warnings = new List<string>();
        var preprocessingSource = sources.FirstOrDefault(s => s.Fields.SetsPreprocessing);
        var source = preprocessingSource.Fields is null ? CardSource.Defaults : preprocessingSource.Source;
        var cardFile = sources.FirstOrDefault(s => s.Fields.Input is not null).File ?? preprocessingSource.File ?? modelName;

        var cardInput = First(f => f.Input);
        var layout = FirstValue(f => f.Layout) ?? InferLayout(cardInput ?? graphInput, modelName);
        if (cardInput is not null)
        {
            CheckAgainstGraph(cardInput, graphInput, layout, cardFile, modelName);
        }

        var shape = ToShape(graphInput, cardInput, layout, dataShape, modelName);
        var mean = First(f => f.Mean);
        var std = First(f => f.Std);
        if (source == CardSource.Defaults || mean is null || std is null)
        {
            warnings.Add(
                $"{modelName}: no card gives its normalization; using mean 0 / std 1 and layout {layout.ToString().ToUpperInvariant()} "
                + "read off the graph. Normalization cannot be read from a graph: give a sidecar "
                + $"{Path.GetFileNameWithoutExtension(modelPath)}.json or --mean/--std if the model expects normalized input.");
        }

        var classNames = First(f => f.ClassNames);
        return new ResolvedModelCard(
            new ModelCard
            {
                Name = First(f => f.Name) ?? Path.GetFileNameWithoutExtension(modelPath),
                Layout = layout,
                Mean = PerChannel(mean, 0f, shape.Channels, "mean", cardFile),
                Std = PerChannel(std, 1f, shape.Channels, "std", cardFile),
                Input = shape,
                ClassNames = classNames,
                Group = First(f => f.Group),
                Training = First(f => f.Training),
                Dataset = First(f => f.Dataset),
                ExpectedAccuracy = FirstValue(f => f.ExpectedAccuracy),
                Source = source,
            },
            warnings,
            [.. sources.Where(s => s.File is not null).Select(s => s.File!).Distinct()]);
    }

    private static TensorLayout InferLayout(IReadOnlyList<long> dims, string modelName)
    {
        static bool IsChannels(long d) => d is 1 or 3;
        var first = dims[1];
        var last = dims[3];
        if (IsChannels(first) && !IsChannels(last))
        {
            return TensorLayout.Nchw;
        }

        if (IsChannels(last) && !IsChannels(first))
        {
            return TensorLayout.Nhwc;
        }

        throw new CloudFreqException(
            $"{modelName}: cannot tell NCHW from NHWC from the input {ModelCardJson.FormatDims(dims)}; give --layout or a model card.");
    }

    private static void CheckAgainstGraph(IReadOnlyList<long> card, IReadOnlyList<long> graph, TensorLayout layout, string cardFile, string modelName)
    {
        var contradicts = card.Count != graph.Count
            || Enumerable.Range(1, graph.Count - 1).Any(i => card[i] > 0 && graph[i] > 0 && card[i] != graph[i]);
        if (contradicts)
        {
            throw new CloudFreqException(
                $"{cardFile}: the card gives input {ModelCardJson.FormatDims(card)} ({layout.ToString().ToUpperInvariant()}) "
                + $"but the graph of {modelName} takes {ModelCardJson.FormatDims(graph)}.");
        }
    }

    private static ImageShape ToShape(IReadOnlyList<long> graph, IReadOnlyList<long>? card, TensorLayout layout, ImageShape? data, string modelName)
    {
        long Dim(int i) => graph[i] > 0 ? graph[i] : card is not null && card[i] > 0 ? card[i] : -1;
        var (c, h, w) = layout == TensorLayout.Nchw ? (Dim(1), Dim(2), Dim(3)) : (Dim(3), Dim(1), Dim(2));
        if (h < 0 && data is { } d1)
        {
            h = d1.Height;
        }

        if (w < 0 && data is { } d2)
        {
            w = d2.Width;
        }

        if (c < 0 || h < 0 || w < 0)
        {
            throw new CloudFreqException(
                $"{modelName}: the input {ModelCardJson.FormatDims(graph)} leaves channels or size open; give them in a card ('input'); symbolic sizes otherwise take the dataset's image size.");
        }

        return new ImageShape(checked((int)c), checked((int)h), checked((int)w));
    }

    private static float[] PerChannel(IReadOnlyList<float>? values, float fallback, int channels, string field, string cardFile)
    {
        if (values is null)
        {
            return Enumerable.Repeat(fallback, channels).ToArray();
        }

        if (values.Count == 1)
        {
            return Enumerable.Repeat(values[0], channels).ToArray();
        }

        if (values.Count != channels)
        {
            throw new CloudFreqException($"{cardFile}: field '{field}' has {values.Count} values but the model takes {channels} channels.");
        }

        if (field == "std" && values.Any(v => v <= 0 || !float.IsFinite(v)))
        {
            throw new CloudFreqException($"{cardFile}: field 'std' must be positive for every channel.");
        }

        return [.. values];
    }

    private static (ModelCardFields Fields, string File)? FindCatalogEntry(string modelPath, string? catalogPath)
    {
        var fullModel = Path.GetFullPath(modelPath);
        var candidates = new List<string>();
        if (catalogPath is not null)
        {
            if (!File.Exists(catalogPath))
            {
                throw new CloudFreqException($"{catalogPath}: catalog file not found.");
            }

            candidates.Add(Path.GetFullPath(catalogPath));
        }

        var dir = Path.GetDirectoryName(fullModel);
        for (var depth = 0; depth <= CatalogSearchDepth && dir is not null; depth++, dir = Path.GetDirectoryName(dir))
        {
            candidates.Add(Path.Combine(dir, CatalogFileName));
        }

        foreach (var catalog in candidates.Where(File.Exists).Distinct())
        {
            using var document = ParseCatalog(catalog);
            if (!document.RootElement.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var catalogDir = Path.GetDirectoryName(catalog)!;
            var index = 0;
            foreach (var entry in models.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && entry.TryGetProperty("file", out var file)
                    && file.ValueKind == JsonValueKind.String
                    && string.Equals(Path.GetFullPath(Path.Combine(catalogDir, file.GetString()!)), fullModel, StringComparison.Ordinal))
                {
                    return (ModelCardJson.Parse(entry, $"{catalog}: models[{index}]"), catalog);
                }

                index++;
            }
        }

        return null;
    }

    private static JsonDocument ParseCatalog(string catalog)
    {
        try
        {
            return JsonDocument.Parse(ReadText(catalog));
        }
        catch (JsonException ex)
        {
            throw new CloudFreqException($"{catalog}: not valid JSON: {ex.Message}", ex);
        }
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new CloudFreqException($"{path}: cannot read: {ex.Message}", ex);
        }
    }
}
