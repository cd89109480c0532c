using System.Text.Json.Serialization;

namespace CloudFreq.Core.Metrics;

/// <summary>
/// Integer counts of a classifier's outcomes on labelled images: top-1, top-5, per class, and the
/// confusion matrix. Counts merge by addition, so partial results combine in any order.
/// </summary>
public sealed record ClassificationCounts
{
    public ClassificationCounts(int classCount)
    {
        ClassCount = classCount;
        PerClassTotal = new long[classCount];
        PerClassCorrect = new long[classCount];
        Confusion = new long[classCount * classCount];
    }

    public int ClassCount { get; init; }

    public long Images { get; set; }

    public long Top1 { get; set; }

    public long Top5 { get; set; }

    public long[] PerClassTotal { get; init; }

    public long[] PerClassCorrect { get; init; }

    /// <summary>Row-major [true label, predicted label].</summary>
    [JsonIgnore]
    public long[] Confusion { get; }

    /// <summary>
    /// The non-zero confusion cells as [true, predicted, count] triples: how counts are stored,
    /// since a work item of a few hundred images fills few of the 1,000 x 1,000 ImageNet cells.
    /// </summary>
    public IReadOnlyList<long[]> ConfusionCells
    {
        get
        {
            var cells = new List<long[]>();
            for (var i = 0; i < Confusion.Length; i++)
            {
                if (Confusion[i] != 0)
                {
                    cells.Add([i / ClassCount, i % ClassCount, Confusion[i]]);
                }
            }

            return cells;
        }

        init
        {
            foreach (var cell in value)
            {
                if (cell.Length != 3 || (ulong)cell[0] >= (ulong)ClassCount || (ulong)cell[1] >= (ulong)ClassCount)
                {
                    throw new InvalidDataException($"confusion cell [{string.Join(", ", cell)}] is not [true, predicted, count] within {ClassCount} classes.");
                }

                Confusion[(cell[0] * ClassCount) + cell[1]] = cell[2];
            }
        }
    }

    /// <summary>Counts one image.</summary>
    public void Add(ReadOnlySpan<float> logits, int label)
    {
        var predicted = TopK.ArgMax(logits);
        Images++;
        PerClassTotal[label]++;
        Confusion[(label * ClassCount) + predicted]++;
        if (predicted == label)
        {
            Top1++;
            PerClassCorrect[label]++;
        }

        if (TopK.Contains(logits, label, 5))
        {
            Top5++;
        }
    }

    /// <summary>Adds another set of counts of the same class count into this one.</summary>
    public void MergeFrom(ClassificationCounts other)
    {
        if (other.ClassCount != ClassCount)
        {
            throw new InvalidOperationException($"cannot merge counts over {other.ClassCount} classes into counts over {ClassCount}.");
        }

        Images += other.Images;
        Top1 += other.Top1;
        Top5 += other.Top5;
        for (var i = 0; i < ClassCount; i++)
        {
            PerClassTotal[i] += other.PerClassTotal[i];
            PerClassCorrect[i] += other.PerClassCorrect[i];
        }

        for (var i = 0; i < Confusion.Length; i++)
        {
            Confusion[i] += other.Confusion[i];
        }
    }
}
