using System.Globalization;
using System.Text.Json.Nodes;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Study;

/// <summary>
/// Merges the reports of several runs (models evaluated on different days, a local and a cloud run) into one
/// report whose study spans all their models. Refuses, naming what differs, to merge rows whose numbers
/// would not be comparable: a different seed, the same dataset name with a different identity (format, image
/// count, classes, shape) or dataset options, the same analysis on the same dataset with different parameters,
/// the same model name with different files, or the same row with different values. A sharded copy of an image
/// folder or labels CSV dataset has the identity of its source (the same ids, labels, order and classes), so
/// their formats compare equal. Identical rows (for
/// example the clean analysis of a model in both runs) are kept once. The study is recomputed over the merged rows.
/// </summary>
public static class ReportMerger
{
    /// <summary>Merges <paramref name="runs"/> (each with the path it was read from, for messages).</summary>
    public static RunReport Merge(IReadOnlyList<(string Source, RunReport Report)> runs, string tool)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(tool);
        if (runs.Count == 0)
        {
            throw new CloudFreqException("Nothing to merge: give at least one run folder.");
        }

        var problems = new List<string>();
        var seeds = runs.Select(r => (r.Source, Seed: StudyCalculator.Seed(r.Report))).ToList();
        if (seeds.Select(s => s.Seed).Distinct().Count() > 1)
        {
            problems.Add("the runs used different seeds (" + string.Join(", ", seeds.Select(s => $"{s.Source}: {s.Seed.ToString(CultureInfo.InvariantCulture)}")) + "); every seeded analysis would differ.");
        }

        // Datasets: one identity per name.
        var datasets = new Dictionary<string, (string Source, ReportDataset Dataset, JsonNode? Options)>(StringComparer.Ordinal);
        foreach (var (source, report) in runs)
        {
            for (var i = 0; i < report.Datasets.Count; i++)
            {
                var dataset = report.Datasets[i];
                var options = DatasetOptions(report, i);
                if (!datasets.TryGetValue(dataset.Name, out var seen))
                {
                    datasets[dataset.Name] = (source, dataset, options);
                    continue;
                }

                var differences = new List<string>();
                if (!SameIdentityFormat(seen.Dataset.Format, dataset.Format))
                {
                    differences.Add($"format {seen.Dataset.Format} vs {dataset.Format}");
                }

                if (seen.Dataset.Images != dataset.Images)
                {
                    differences.Add($"images {seen.Dataset.Images.ToString(CultureInfo.InvariantCulture)} vs {dataset.Images.ToString(CultureInfo.InvariantCulture)}");
                }

                if (seen.Dataset.Shape != dataset.Shape)
                {
                    differences.Add($"shape {seen.Dataset.Shape} vs {dataset.Shape}");
                }

                if (!seen.Dataset.ClassNames.SequenceEqual(dataset.ClassNames, StringComparer.Ordinal))
                {
                    differences.Add("class names");
                }

                if (seen.Options is not null && options is not null && !JsonNode.DeepEquals(seen.Options, options))
                {
                    differences.Add($"options {seen.Options.ToJsonString()} vs {options.ToJsonString()}");
                }

                if (differences.Count > 0)
                {
                    problems.Add($"dataset '{dataset.Name}' differs between {seen.Source} and {source}: {string.Join("; ", differences)}.");
                }
            }
        }

        // Models: one file per name.
        var models = new Dictionary<string, (string Source, ReportModel Model)>(StringComparer.Ordinal);
        foreach (var (source, report) in runs)
        {
            foreach (var model in report.Models)
            {
                if (!models.TryGetValue(model.Name, out var seen))
                {
                    models[model.Name] = (source, model);
                }
                else if (!string.Equals(seen.Model.Sha256, model.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"model '{model.Name}' is a different file in {seen.Source} (SHA-256 {Short(seen.Model.Sha256)}) and {source} ({Short(model.Sha256)}); rename one.");
                }
            }
        }

        // Analyses: the same parameters wherever two runs have rows of the same analysis on the same dataset.
        var analysisRuns = new Dictionary<(string Dataset, string Analysis), (string Source, JsonObject? Parameters)>();
        foreach (var (source, report) in runs)
        {
            var parameters = AnalysisParameters(report);
            foreach (var key in report.Rows.Where(r => r.Analysis != StudyCalculator.AnalysisName).Select(r => (r.Dataset, r.Analysis)).Distinct())
            {
                var mine = parameters.GetValueOrDefault(key.Analysis);
                if (!analysisRuns.TryGetValue(key, out var seen))
                {
                    analysisRuns[key] = (source, mine);
                }
                else if (seen.Parameters is not null && mine is not null && !JsonNode.DeepEquals(seen.Parameters, mine))
                {
                    problems.Add($"analysis '{key.Analysis}' on dataset '{key.Dataset}' has different parameters in {seen.Source} and {source}: {ParameterDifference(seen.Parameters, mine)}.");
                }
            }
        }

        // Rows: identical duplicates once, conflicting ones refused.
        var rows = new List<ResultRow>();
        var byKey = new Dictionary<(string, string, string, string, string), (string Source, ResultRow Row)>();
        var conflicts = new HashSet<(string, string, string)>();
        foreach (var (source, report) in runs)
        {
            foreach (var row in report.Rows.Where(r => r.Analysis != StudyCalculator.AnalysisName))
            {
                var key = (row.Dataset, row.Model, row.Analysis, row.Condition, row.Metric);
                if (!byKey.TryGetValue(key, out var seen))
                {
                    byKey[key] = (source, row);
                    rows.Add(row);
                }
                else if (seen.Row != row && conflicts.Add((row.Dataset, row.Model, row.Analysis)))
                {
                    problems.Add($"model '{row.Model}' has different '{row.Analysis}' results on dataset '{row.Dataset}' in {seen.Source} and {source} (for example {row.Metric} [{row.Condition}]: {Value(seen.Row.Value)} vs {Value(row.Value)}).");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new CloudFreqException("cannot merge these runs:\n  " + string.Join("\n  ", problems));
        }

        var seed = seeds[0].Seed;
        var modelList = models.Values.Select(m => m.Model).ToList();
        rows.AddRange(StudyCalculator.Rows(StudyCalculator.Compute(rows, StudyCalculator.Groups(modelList), seed)));
        var spec = new JsonObject
        {
            ["seed"] = seed,
            ["analyses"] = new JsonArray([.. runs
                .SelectMany(r => AnalysisParameters(r.Report).Values)
                .OfType<JsonObject>()
                .DistinctBy(a => a["name"]?.GetValue<string>())
                .Select(a => (JsonNode)a.DeepClone())]),
            ["datasetOptions"] = new JsonObject(datasets
                .Where(d => d.Value.Options is not null)
                .Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value.Options!.DeepClone()))),
            ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)new JsonObject
            {
                ["runId"] = r.Report.RunId,
                ["source"] = r.Source,
                ["tool"] = r.Report.Tool,
                ["createdTime"] = r.Report.CreatedTime.ToString("O", CultureInfo.InvariantCulture),
                ["spec"] = r.Report.Spec.DeepClone(),
            })]),
        };
        return new RunReport
        {
            Tool = tool,
            RunId = runs.Count == 1 ? runs[0].Report.RunId : "merged-" + string.Join("+", runs.Select(r => r.Report.RunId)),
            CreatedTime = runs.Min(r => r.Report.CreatedTime),
            CompletedTime = runs.Max(r => r.Report.CompletedTime),
            Spec = spec,
            Datasets = [.. datasets.Values.Select(d => d.Dataset)],
            Models = modelList,
            Rows = rows,
            Confusions = [.. runs.SelectMany(r => r.Report.Confusions).DistinctBy(c => (c.Dataset, c.Model))],
            Timings = new ReportTimings(
                runs.Sum(r => r.Report.Timings.TotalSeconds),
                [.. runs.SelectMany(r => r.Report.Timings.Models)]),
            Errors = [.. runs.SelectMany(r => r.Report.Errors)],
            Warnings = [.. runs.SelectMany(r => r.Report.Warnings).Distinct(StringComparer.Ordinal)],
        };
    }

    // Shards keep the ids, labels and classes of the image folder or labels CSV they were written from.
    private static bool SameIdentityFormat(string a, string b)
    {
        static bool Encoded(string format) => format is nameof(Data.DatasetFormat.ImageFolder) or nameof(Data.DatasetFormat.LabelsCsv);
        return a == b
            || (a == nameof(Data.DatasetFormat.Shards) && Encoded(b))
            || (b == nameof(Data.DatasetFormat.Shards) && Encoded(a));
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] + "..." : sha;

    private static string Value(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "null";

    // A run's dataset options: spec.datasets[i].options (a run) or spec.datasetOptions[name] (a merged report).
    private static JsonNode? DatasetOptions(RunReport report, int index)
    {
        if (report.Spec is not JsonObject spec)
        {
            return null;
        }

        if (spec["datasetOptions"] is JsonObject named)
        {
            return named[report.Datasets[index].Name];
        }

        return spec["datasets"] is JsonArray list && index < list.Count && list.Count == report.Datasets.Count
            ? list[index]?["options"]
            : null;
    }

    // Each analysis's parameters after defaults, as the run recorded them (spec.analyses).
    private static Dictionary<string, JsonObject?> AnalysisParameters(RunReport report)
    {
        var parameters = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        if (report.Spec is JsonObject spec && spec["analyses"] is JsonArray analyses)
        {
            foreach (var entry in analyses.OfType<JsonObject>())
            {
                if (entry["name"] is JsonValue name && name.TryGetValue<string>(out var text))
                {
                    parameters.TryAdd(text, entry);
                }
            }
        }

        return parameters;
    }

    private static string ParameterDifference(JsonObject a, JsonObject b)
    {
        var keys = a.Select(p => p.Key).Union(b.Select(p => p.Key), StringComparer.Ordinal);
        return string.Join(", ", keys
            .Where(key => !JsonNode.DeepEquals(a[key], b[key]))
            .Select(key => $"{key} = {a[key]?.ToJsonString() ?? "(none)"} vs {b[key]?.ToJsonString() ?? "(none)"}"));
    }
}
