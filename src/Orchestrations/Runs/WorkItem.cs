namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// One model x one range of images x one analysis. Ids are stable: the same spec and dataset
/// listing always give the same items with the same ids (DESIGN.md section 3).
/// </summary>
public sealed record WorkItem(string Id, string Analysis, int DatasetIndex, int ModelIndex, int Start, int Count);
