using System.Globalization;
using System.Text;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>Plans a prepared run into work items, deterministically.</summary>
public sealed class RunPlanner
{
    /// <summary>
    /// Items ordered by dataset, model, analysis, start: a model's items are adjacent, so one
    /// session serves them in turn.
    /// </summary>
    public IReadOnlyList<WorkItem> Plan(PreparedRun run)
    {
        var items = new List<WorkItem>();
        var itemSize = run.Spec.ItemSize;
        if (itemSize <= 0)
        {
            throw new CloudFreq.Core.CloudFreqException($"run spec: itemSize must be positive, got {itemSize}.");
        }

        for (var d = 0; d < run.Datasets.Count; d++)
        {
            var dataset = run.Datasets[d];
            var total = dataset.Dataset.Entries.Count;
            for (var m = 0; m < run.Models.Count; m++)
            {
                foreach (var analysis in run.Analyses)
                {
                    for (var start = 0; start < total; start += itemSize)
                    {
                        var id = string.Create(
                            CultureInfo.InvariantCulture,
                            $"{analysis.Name}.d{d}-{Safe(dataset.Name)}.m{m}-{Safe(run.Models[m].Name)}.{start:D7}");
                        items.Add(new WorkItem(id, analysis.Name, d, m, start, Math.Min(itemSize, total - start)));
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
