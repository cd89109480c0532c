using CloudFreq.Core.Data;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// What an analysis gets for one work item: its planned item, the dataset with a batch reader,
/// and the classifier to score with.
/// </summary>
/// <param name="Seed">The run seed; analyses derive per-image seeds from it and image ids, never from batch position.</param>
/// <param name="IndexOf">Resolves an image id of the dataset to its index (for items that list image pairs).</param>
/// <param name="Progress">Receives the number of images finished, as they finish.</param>
public sealed record AnalysisInput(
    IImageDataset Dataset,
    DatasetBatchReader Reader,
    AnalysisItem Item,
    IClassifier Classifier,
    long Seed,
    Func<string, int> IndexOf,
    IProgress<int>? Progress = null)
{
    public int Start => Item.Start;

    public int Count => Item.Count;
}
