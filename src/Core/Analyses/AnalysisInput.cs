using CloudFreq.Core.Data;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// What an analysis gets for one work item: a range of the dataset, streamed as batches, and the
/// classifier to score them with.
/// </summary>
/// <param name="Seed">The run seed; analyses derive per-image seeds from it and image ids, never from batch position.</param>
/// <param name="Progress">Receives the number of images finished, as they finish.</param>
public sealed record AnalysisInput(
    IImageDataset Dataset,
    DatasetBatchReader Reader,
    int Start,
    int Count,
    IClassifier Classifier,
    long Seed,
    IProgress<int>? Progress = null);
