using CloudFreq.Core.Attacks;
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
/// <param name="GradientModels">The differentiable forms of the model, for the attack analyses; null where the host has none.</param>
public sealed record AnalysisInput(
    IImageDataset Dataset,
    DatasetBatchReader Reader,
    AnalysisItem Item,
    IClassifier Classifier,
    long Seed,
    Func<string, int> IndexOf,
    IProgress<int>? Progress = null,
    IGradientModelSource? GradientModels = null)
{
    public int Start => Item.Start;

    public int Count => Item.Count;

    /// <summary>The gradient models, or an error naming the analysis when the host gave none.</summary>
    public IGradientModelSource RequireGradientModels(string analysis) =>
        GradientModels ?? throw new InvalidOperationException($"analysis '{analysis}' needs gradient models; the executor supplied none.");
}
