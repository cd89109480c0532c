using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Study;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Merges the item results of a run, in item-id order, into the report: the fan-in step of
/// every run, local or cloud.
/// </summary>
/// <remarks>
/// <c>elapsed</c> is the wall time of the invocation that finished the run; a resumed run's
/// earlier sessions are not in it, but every item's own time is (per-model timings).
/// </remarks>
public sealed class RunSummarizer(string tool, ReportFigureBuilder figures)
{
    public RunSummarizer(string tool)
        : this(tool, new ReportFigureBuilder())
    {
    }

    /// <summary>Results read ahead of the merge (in parallel), per group.</summary>
    public const int ReadAhead = 16;

    /// <summary>
    /// Reads every item's result through <paramref name="results"/> in item-id order within each group, merges as it
    /// reads (at most <see cref="ReadAhead"/> results waiting), and builds the report. The run's elapsed time is
    /// from <paramref name="startedTime"/> to the end of the merge.
    /// </summary>
    public async Task<RunSummary> SummarizeAsync(
        PreparedRun run,
        string runId,
        IReadOnlyList<WorkItem> items,
        IItemResults results,
        DateTimeOffset createdTime,
        DateTimeOffset startedTime,
        TimeProvider clock,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(clock);
        var rows = new List<ResultRow>();
        var confusions = new List<ConfusionMatrix>();
        var errors = new List<ReportError>();
        var timings = new List<ModelTiming>();
        var skippedPerDataset = new int[run.Datasets.Count];
        var reportedImages = new HashSet<(int Dataset, string Id)>();
        int found = 0, missing = 0;

        // Ordinal item-id order within each group: the merge order never depends on delivery order.
        var groups = items
            .GroupBy(i => (i.DatasetIndex, i.ModelIndex, i.Analysis))
            .OrderBy(g => g.Key.DatasetIndex).ThenBy(g => g.Key.ModelIndex).ThenBy(g => g.Key.Analysis, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var dataset = run.Datasets[group.Key.DatasetIndex];
            var model = run.Models[group.Key.ModelIndex];
            var analysis = run.Analyses.First(a => a.Name == group.Key.Analysis);
            AnalysisPartial? merged = null;
            double seconds = 0;
            long images = 0;
            await foreach (var (item, lookup) in ReadInOrderAsync(group.OrderBy(i => i.Id, StringComparer.Ordinal).ToList(), results, cancellationToken).ConfigureAwait(false))
            {
                if (lookup.Result is not { } result)
                {
                    missing++;
                    errors.Add(new ReportError(
                        "item",
                        item.Id,
                        lookup.Failure is { } failure ? "failed: " + failure : "no result: the work item did not complete."));
                    continue;
                }

                found++;
                if (!string.Equals(result.ModelSha256, model.Sha256, StringComparison.Ordinal))
                {
                    throw new CloudFreqException(
                        $"{model.Path}: the model changed during the run (item {item.Id} scored SHA-256 {result.ModelSha256[..12]}..., "
                        + $"the file now has {model.Sha256[..12]}...); start a new run.");
                }

                merged = merged is null ? result.Partial : merged.Merge(result.Partial);
                seconds += result.Timings.TotalSeconds;
                images += result.Timings.Images;
                foreach (var skipped in result.Skipped)
                {
                    // An unreadable image fails for every model and analysis alike: report it once.
                    if (reportedImages.Add((group.Key.DatasetIndex, skipped.Id)))
                    {
                        skippedPerDataset[group.Key.DatasetIndex]++;
                        errors.Add(new ReportError("image", $"{dataset.Name}/{skipped.Id}", skipped.Reason));
                    }
                }
            }

            if (merged is null)
            {
                continue;
            }

            var summary = analysis.Summarize(merged, new AnalysisSubject(dataset.Name, model.Name, dataset.Dataset.ClassNames));
            rows.AddRange(summary.Rows);
            confusions.AddRange(summary.Confusions);
            timings.Add(new ModelTiming(dataset.Name, model.Name, images, seconds, seconds > 0 ? images / seconds : 0));
        }

        // The study across models (per dataset), computed from the rows of every analysis above.
        var modelGroups = StudyCalculator.Groups(run.Models.Select(m => new ReportModel(m.Name, m.Path, m.Sha256, m.Card.Card, m.Batching, m.Card.Warnings)));
        rows.AddRange(StudyCalculator.Rows(StudyCalculator.Compute(rows, modelGroups, run.Spec.Seed)));

        var completedTime = clock.GetUtcNow();
        var elapsed = completedTime - startedTime;
        var report = new RunReport
        {
            Tool = tool,
            RunId = runId,
            CreatedTime = createdTime,
            CompletedTime = completedTime,
            Spec = SpecWithAnalyses(run),
            Datasets = [.. run.Datasets.Select((d, i) => new ReportDataset(
                d.Name,
                d.Dataset.Source,
                d.Dataset.Format.ToString(),
                d.Dataset.Entries.Count,
                d.Dataset.ClassNames,
                d.Dataset.Shape.ToString(),
                d.Dataset.IgnoredFiles,
                skippedPerDataset[i]))],
            Models = [.. run.Models.Select(m => new ReportModel(m.Name, m.Path, m.Sha256, m.Card.Card, m.Batching, m.Card.Warnings))],
            Rows = rows,
            Confusions = confusions,
            Timings = new ReportTimings(elapsed.TotalSeconds, timings),
            Errors = errors,
            Warnings = run.Warnings,
        };
        return new RunSummary(figures.WithFigures(report, Galleries(run)), found, missing);
    }

    // Starts up to ReadAhead reads and yields them in order, so reads overlap while the merge stays ordered.
    private static async IAsyncEnumerable<(WorkItem Item, ItemLookup Lookup)> ReadInOrderAsync(
        IReadOnlyList<WorkItem> ordered, IItemResults results, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = new Queue<Task<ItemLookup>>();
        var next = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            while (next < ordered.Count && window.Count < ReadAhead)
            {
                window.Enqueue(results.ReadAsync(ordered[next++], cancellationToken).AsTask());
            }

            yield return (ordered[i], await window.Dequeue().ConfigureAwait(false));
        }
    }

    private IEnumerable<ReportFigure> Galleries(PreparedRun run)
    {
        foreach (var dataset in run.Datasets)
        {
            foreach (var analysis in run.Analyses.OfType<IGalleryAnalysis>())
            {
                if (analysis.Gallery(dataset.Dataset, dataset.Name, run.Spec.Seed, figures) is { } gallery)
                {
                    yield return gallery;
                }
            }
        }
    }

    // The spec as given plus each analysis's parameters after defaults: what the numbers depend on.
    private static JsonNode SpecWithAnalyses(PreparedRun run)
    {
        var spec = JsonSerializer.SerializeToNode(run.Spec, RunJson.Options)!.AsObject();
        spec["analyses"] = new JsonArray([.. run.Analyses.Select(a =>
        {
            var entry = new JsonObject { ["name"] = a.Name };
            foreach (var (key, value) in a.Parameters)
            {
                entry[key] = value?.DeepClone();
            }

            return (JsonNode)entry;
        })]);
        return spec;
    }
}
