using System.Globalization;
using System.Text.Json.Nodes;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Data;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Accuracy under the common corruptions (DESIGN.md section 4): per corruption x severity, and
/// summarized per corruption, per severity, per frequency group, with mCE and relative mCE against
/// AlexNet when the ImageNet-C preset is used.
/// </summary>
/// <remarks>
/// Every image gets its own randomness, seeded from (run seed, image id, corruption, severity), so
/// counts never depend on batching or on which worker ran the item.
/// </remarks>
public sealed class CorruptionsAnalysis : IAnalysis, IGalleryAnalysis
{
    public const string AnalysisName = "corruptions";

    private readonly CorruptionsOptions _options;
    private readonly CorruptionCatalog _catalog;

    /// <param name="options">The analysis parameters; custom tables are applied to a copy of <paramref name="catalog"/>.</param>
    /// <param name="catalog">The corruptions by name.</param>
    /// <exception cref="CloudFreqException">A custom table is invalid.</exception>
    public CorruptionsAnalysis(CorruptionsOptions options, CorruptionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        _options = options;

        // Tables are checked here, when the suite is read, rather than when the first image is corrupted.
        _catalog = options.Tables is { Count: > 0 } tables ? catalog.WithTables(tables, $"{options.Where}: tables") : catalog;
    }

    public string Name => AnalysisName;

    public JsonObject Parameters
    {
        get
        {
            var parameters = new JsonObject
            {
                ["images"] = _options.Images == int.MaxValue ? null : _options.Images,
                ["corruptions"] = new JsonArray([.. _options.Corruptions.Select(c => (JsonNode)c)]),
                ["severities"] = new JsonArray([.. _options.Severities.Select(s => (JsonNode)s)]),
                ["preset"] = _options.Preset is { } preset ? PresetName(preset) : "auto",
                ["quantize"] = _options.Quantize,
                ["jpeg"] = _options.Jpeg,
            };

            // Only when given: runs without custom tables keep the identity they always had.
            if (_options.Tables is { Count: > 0 } tables)
            {
                parameters["tables"] = new JsonObject(tables.Select(t => KeyValuePair.Create(t.Key, JsonNode.Parse(t.Value.GetRawText()))));
            }

            return parameters;
        }
    }

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context) => context.Ranges(_options.Images);

    // The clean images, then one scoring per corruption and severity.
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context) =>
        ItemCost.Scoring(item.Count, 1 + ((long)_options.Corruptions.Count * _options.Severities.Count)).WithTransforms(
            _options.Corruptions
                .Select(name => new TransformCount(
                    new CorruptionTransform(_catalog.Get(name), _options.Severities, _options.Preset, _options.Quantize, _options.Jpeg),
                    (long)item.Count * _options.Severities.Count))
                .Prepend(ItemCost.Decode(item.Count)));

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var shape = input.Dataset.Shape;
        var preset = _options.Preset ?? CorruptionCatalog.PresetFor(shape.Height, shape.Width);
        int? jpeg = _options.Jpeg && preset == CorruptionPreset.ImageNetC ? CorruptionApplier.ImageNetCJpegQuality : null;
        var conditions = _options.Corruptions
            .SelectMany(name => _options.Severities.Select(severity =>
                (Corruption: _catalog.Get(name), Severity: severity, SeverityText: severity.ToString(CultureInfo.InvariantCulture))))
            .ToArray();
        var counts = ConditionSweep.Run(
            input,
            new ImageWorkers<CorruptionApplier>(() => new CorruptionApplier(shape)),
            conditions.Length,
            k => Condition(conditions[k].Corruption.Name, conditions[k].Severity),
            (applier, k, image, id, destination) => applier.Apply(
                conditions[k].Corruption,
                image,
                conditions[k].Severity,
                preset,
                SeedDerivation.CreateRandom(input.Seed, id, conditions[k].Corruption.Name, conditions[k].SeverityText),
                _options.Quantize,
                jpeg,
                destination),
            cancellationToken);
        return new CorruptionsPartial(counts, preset);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var partial = (CorruptionsPartial)merged;
        var counts = partial.Counts.Counts;
        var rows = new List<ResultRow>();
        if (!counts.TryGetValue(string.Empty, out var clean) || clean[0] == 0)
        {
            return new AnalysisSummary(rows, []);
        }

        var cleanError = 1 - ((double)clean[1] / clean[0]);
        rows.Add(Row(subject, string.Empty, "accuracy", 1 - cleanError, clean[0]));
        var accuracy = new Dictionary<(string, int), double>();
        foreach (var name in _options.Corruptions)
        {
            foreach (var severity in _options.Severities)
            {
                var c = counts[Condition(name, severity)];
                accuracy[(name, severity)] = (double)c[1] / c[0];
                rows.Add(Row(subject, Condition(name, severity), "accuracy", accuracy[(name, severity)], c[0]));
            }
        }

        var images = clean[0];
        var complete = _options.Severities.Count == 5;
        var ces = new List<double>();
        var relativeCes = new List<double>();
        foreach (var name in _options.Corruptions)
        {
            var mean = _options.Severities.Average(s => accuracy[(name, s)]);
            rows.Add(Row(subject, $"corruption={name}", "accuracy", mean, images * _options.Severities.Count));
            if (partial.Preset == CorruptionPreset.ImageNetC && complete && CorruptionCatalog.AlexNetErrors.TryGetValue(name, out var alex))
            {
                // The baseline is AlexNet's error averaged over the 5 severities: sum over s of E / sum over s of E_AlexNet.
                var error = 1 - mean;
                ces.Add(error / alex);
                relativeCes.Add((error - cleanError) / (alex - CorruptionCatalog.AlexNetCleanError));
                rows.Add(Row(subject, $"corruption={name}", "ce", ces[^1], images * 5));
            }
        }

        var benchmark = _options.Corruptions.Where(CorruptionCatalog.Benchmark.Contains).ToArray();
        foreach (var severity in _options.Severities)
        {
            if (benchmark.Length > 0)
            {
                rows.Add(Row(subject, $"severity={severity.ToString(CultureInfo.InvariantCulture)}", "accuracy", benchmark.Average(n => accuracy[(n, severity)]), images * benchmark.Length));
            }
        }

        foreach (var group in Enum.GetValues<CorruptionGroup>())
        {
            var members = _options.Corruptions.Where(n => CorruptionCatalog.GroupOf(n) == group).ToArray();
            if (members.Length > 0)
            {
                rows.Add(Row(subject, $"group={group.ToString().ToLowerInvariant()}", "accuracy",
                    members.Average(n => _options.Severities.Average(s => accuracy[(n, s)])), images * members.Length * _options.Severities.Count));
            }
        }

        if (benchmark.Length > 0)
        {
            rows.Add(Row(subject, string.Empty, "mean_accuracy", benchmark.Average(n => _options.Severities.Average(s => accuracy[(n, s)])), images * benchmark.Length * _options.Severities.Count));
        }

        var extras = _options.Corruptions.Where(CorruptionCatalog.Extra.Contains).ToArray();
        if (extras.Length > 0)
        {
            rows.Add(Row(subject, "set=extra", "mean_accuracy", extras.Average(n => _options.Severities.Average(s => accuracy[(n, s)])), images * extras.Length * _options.Severities.Count));
        }

        // mCE needs every benchmark corruption at every severity on the ImageNet-C preset.
        var fullBenchmark = ces.Count == CorruptionCatalog.Benchmark.Count;
        rows.Add(Row(subject, string.Empty, "mce", fullBenchmark ? ces.Average() : null, images * 75));
        rows.Add(Row(subject, string.Empty, "relative_mce", fullBenchmark ? relativeCes.Average() : null, images * 75));
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
        catch (ImageLoadException)
        {
            return null;
        }

        var preset = _options.Preset ?? CorruptionCatalog.PresetFor(shape.Height, shape.Width);
        int? jpeg = _options.Jpeg && preset == CorruptionPreset.ImageNetC ? CorruptionApplier.ImageNetCJpegQuality : null;
        var applier = new CorruptionApplier(shape);
        var tiles = new List<(string, float[], int, int, int)> { ("clean", image, shape.Channels, shape.Height, shape.Width) };
        foreach (var name in _options.Corruptions)
        {
            var corrupted = new float[shape.Length];
            applier.Apply(_catalog.Get(name), image, 3, preset, SeedDerivation.CreateRandom(runSeed, dataset.Entries[0].Id, name, "3"), _options.Quantize, jpeg, corrupted);
            tiles.Add((name, corrupted, shape.Channels, shape.Height, shape.Width));
        }

        return figures.Gallery(
            $"gallery-{AnalysisName}-{datasetName}",
            AnalysisName,
            $"Corruptions at severity 3: {datasetName}",
            tiles,
            caption: $"The first image of the dataset under every corruption at severity 3 ({PresetName(preset)} preset).");
    }

    public static string Condition(string corruption, int severity) =>
        ResultCondition.Format(("corruption", corruption), ("severity", severity));

    public static string PresetName(CorruptionPreset preset) => preset == CorruptionPreset.ImageNetC ? "imagenet-c" : "cifar10-c";

    private static ResultRow Row(AnalysisSubject subject, string condition, string metric, double? value, long n) =>
        new(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n);
}
