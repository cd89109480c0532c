using System.Text.Json.Nodes;
using CloudFreq.Core.Attacks;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Robust accuracy under adversarial attacks (DESIGN.md section 4): per attack, norm and budget,
/// the share of images that are classified correctly and stay so under the attack, plus the
/// per-image worst case over all the attacks (<c>apgd-ensemble</c>).
/// </summary>
public sealed class AttackAnalysis(AttackOptions options, Func<AttackRequest, IAttack> createAttack) : IAnalysis
{
    public const string AnalysisName = "attack";

    public string Name => AnalysisName;

    public JsonObject Parameters
    {
        get
        {
            var parameters = new JsonObject { ["images"] = options.Images == int.MaxValue ? null : options.Images };
            options.Set.AddTo(parameters);
            return parameters;
        }
    }

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context) => context.Ranges(options.Images);

    // The clean check of every image, then every attack at every budget on each correctly classified one.
    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context)
    {
        var perAttack = new AttackEvaluator(createAttack).MaxAttackPasses(options.Set, context.Shape, context.ClassCount);
        return new ItemCost(item.Count, PassCount.Forwards(item.Count) + (perAttack * item.Count), perAttack, item.Count).WithTransforms(ItemCost.Decode(item.Count));
    }

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var model = input.RequireGradientModels(AnalysisName).Get();
        var evaluator = new AttackEvaluator(createAttack);
        var counts = new ConditionCounts();
        foreach (var batch in input.Reader.Read(input.Item.Indices(input.Dataset.Entries.Count), compact: true, cancellationToken))
        {
            evaluator.Evaluate(model, batch.Pixels, batch.Labels, batch.Ids, batch.Count, input.Seed, options.Set, counts, string.Empty, cancellationToken);
            input.Progress?.Report(batch.Count);
        }

        return new AttackPartial(counts);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var rows = new List<ResultRow>();
        foreach (var (condition, counts) in ((AttackPartial)merged).Counts.Counts)
        {
            if (counts[0] > 0)
            {
                var metric = condition.Length == 0 ? "accuracy" : "robust_accuracy";
                rows.Add(new ResultRow(subject.Dataset, subject.Model, AnalysisName, condition, metric, (double)counts[1] / counts[0], counts[0]));
            }
        }

        return new AnalysisSummary(rows, []);
    }
}
