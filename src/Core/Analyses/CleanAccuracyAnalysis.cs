using System.Text.Json.Nodes;
using CloudFreq.Core.Costs;
using CloudFreq.Core.Metrics;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// Clean accuracy: top-1 and top-5 accuracy, per-class accuracy and confusion counts of the
/// untransformed images.
/// </summary>
public sealed class CleanAccuracyAnalysis(CleanAccuracyOptions options) : IAnalysis
{
    public const string AnalysisName = "clean";

    public CleanAccuracyAnalysis()
        : this(new CleanAccuracyOptions())
    {
    }

    public string Name => AnalysisName;

    public JsonObject Parameters => new() { ["images"] = options.Images == int.MaxValue ? null : options.Images };

    public IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context) => context.Ranges(options.Images);

    public ItemCost Cost(AnalysisItem item, AnalysisCostContext context) => ItemCost.Scoring(item.Count, 1).WithTransforms(ItemCost.Decode(item.Count));

    public AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default)
    {
        var classifier = input.Classifier;
        var counts = new ClassificationCounts(classifier.ClassCount);
        float[]? logits = null;
        foreach (var batch in input.Reader.Read(input.Item.Indices(input.Dataset.Entries.Count), compact: true, cancellationToken))
        {
            logits ??= new float[batch.Capacity * classifier.ClassCount];
            classifier.Score(batch.Pixels, batch.Count, logits, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                var label = batch.Labels[i];
                if ((uint)label >= (uint)classifier.ClassCount)
                {
                    throw new CloudFreqException(
                        $"{input.Dataset.Source}: image {batch.Ids[i]} has label {label} but the model has {classifier.ClassCount} outputs.");
                }

                counts.Add(logits.AsSpan(i * classifier.ClassCount, classifier.ClassCount), label);
            }

            input.Progress?.Report(batch.Count);
        }

        return new CleanAccuracyPartial(counts);
    }

    public AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject)
    {
        var counts = ((CleanAccuracyPartial)merged).Counts;
        var rows = new List<ResultRow>
        {
            Row(subject, string.Empty, "accuracy", Fraction(counts.Top1, counts.Images), counts.Images),
            Row(subject, string.Empty, "top5_accuracy", Fraction(counts.Top5, counts.Images), counts.Images),
        };
        var names = ClassNames(subject.ClassNames, counts.ClassCount);
        for (var c = 0; c < counts.ClassCount; c++)
        {
            if (counts.PerClassTotal[c] > 0)
            {
                rows.Add(Row(subject, "class=" + names[c], "accuracy", Fraction(counts.PerClassCorrect[c], counts.PerClassTotal[c]), counts.PerClassTotal[c]));
            }
        }

        var matrix = Enumerable.Range(0, counts.ClassCount)
            .Select(t => (IReadOnlyList<long>)counts.Confusion.AsSpan(t * counts.ClassCount, counts.ClassCount).ToArray())
            .ToArray();
        return new AnalysisSummary(rows, [new ConfusionMatrix(subject.Dataset, subject.Model, names, matrix)]);
    }

    private static ResultRow Row(AnalysisSubject subject, string condition, string metric, double? value, long n) =>
        new(subject.Dataset, subject.Model, AnalysisName, condition, metric, value, n);

    private static double? Fraction(long part, long whole) => whole == 0 ? null : (double)part / whole;

    // The dataset's names when they cover the model's outputs; indices otherwise.
    private static string[] ClassNames(IReadOnlyList<string> names, int classCount) =>
        [.. Enumerable.Range(0, classCount).Select(i => i < names.Count ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
