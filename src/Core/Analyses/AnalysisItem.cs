namespace CloudFreq.Core.Analyses;

/// <summary>
/// One planned unit of an analysis on one dataset (the model is added by the run planner): a range
/// of the dataset's stable order, or an explicit list of image pairs decided at plan time.
/// </summary>
/// <param name="Key">Stable within the analysis and dataset, for example <c>0001000</c> or <c>s2.0001000</c>.</param>
/// <param name="Pairs">For analyses over image pairs (hybrids): the (A, B) image ids, in order.</param>
public sealed record AnalysisItem(string Key, int Start, int Count, IReadOnlyList<ImagePair>? Pairs = null);

/// <summary>Two images by id: A the low-frequency source, B the high-frequency source.</summary>
public sealed record ImagePair(string A, string B);
