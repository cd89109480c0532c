using CloudFreq.Core.Analyses;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Scoring;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Estimates;

/// <summary>
/// Adds up the model passes and per-image transforms of planned work items per dataset, model and analysis, from each analysis's
/// own count (<see cref="IAnalysis.Cost"/>): no image is read and no model runs.
/// </summary>
public static class RunCostCounter
{
    /// <param name="stored">Ids of items whose results are already stored: counted as resumed, not as work.</param>
    /// <param name="classCounts">The output count of each model of the run, by model index.</param>
    public static IReadOnlyList<AnalysisEstimate> Count(
        PreparedRun run,
        IReadOnlyList<WorkItem> items,
        IReadOnlySet<string> stored,
        IReadOnlyList<int> classCounts)
    {
        var lines = new List<AnalysisEstimate>();
        // Items come ordered by dataset, model and analysis (RunPlanner), so each line is one run of items.
        foreach (var group in items.GroupBy(i => (i.DatasetIndex, i.ModelIndex, i.Analysis)))
        {
            var (d, m, name) = group.Key;
            var analysis = run.Analyses.First(a => a.Name == name);
            var context = new AnalysisCostContext(run.Datasets[d].Dataset.Shape, classCounts[m]);
            int count = 0, resumed = 0;
            long images = 0;
            var passes = PassCount.Zero;
            var upperBound = false;
            var attackPasses = PassCount.Zero;
            var transforms = new Dictionary<string, TransformCount>(StringComparer.Ordinal);
            foreach (var item in group)
            {
                count++;
                if (stored.Contains(item.Id))
                {
                    resumed++;
                    continue;
                }

                var cost = analysis.Cost(item.Item, context);
                images += cost.Images;
                passes += cost.Passes;
                upperBound |= cost.IsUpperBound;
                attackPasses += cost.PerAttack * cost.AttackSlots;
                foreach (var t in cost.Transforms)
                {
                    transforms[t.Name] = transforms.TryGetValue(t.Name, out var sum) ? sum with { Count = sum.Count + t.Count } : t;
                }
            }

            lines.Add(new AnalysisEstimate(run.Datasets[d].Name, run.Models[m].Name, name, count, resumed, images, passes, upperBound, attackPasses, [.. transforms.Values]));
        }

        return lines;
    }
}
