using System.Text;
using CloudFreq.Core;
using CloudFreq.Core.Analyses;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>Plans a prepared run into work items, deterministically.</summary>
public sealed class RunPlanner
{
    /// <summary>
    /// Items ordered by dataset, model, analysis, item key: a model's items are adjacent, so one
    /// session serves them in turn.
    /// </summary>
    public IReadOnlyList<WorkItem> Plan(PreparedRun run)
    {
        if (run.Spec.ItemSize <= 0)
        {
            throw new CloudFreqException($"run spec: itemSize must be positive, got {run.Spec.ItemSize}.");
        }

        var items = new List<WorkItem>();
        for (var d = 0; d < run.Datasets.Count; d++)
        {
            var dataset = run.Datasets[d];
            var context = new AnalysisPlanContext(dataset.Dataset, run.Spec.ItemSize, run.Spec.Seed);
            // Plans depend on the dataset only, so every model shares them (hybrid pairings included).
            var planned = run.Analyses.Select(a => (Analysis: a, Items: a.Plan(context))).ToList();
            for (var m = 0; m < run.Models.Count; m++)
            {
                foreach (var (analysis, analysisItems) in planned)
                {
                    foreach (var item in analysisItems)
                    {
                        var id = $"{analysis.Name}.d{d}-{Safe(dataset.Name)}.m{m}-{Safe(run.Models[m].Name)}.{item.Key}";
                        items.Add(new WorkItem(id, analysis.Name, d, m, item));
                    }
                }
            }
        }

        return items;
    }

    // Ids become blob and file names: keep letters, digits, '-' and '_'.
    private static string Safe(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_');
        }

        return builder.ToString();
    }
}
