using CloudFreq.Core.Analyses;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// One model x one planned item of an analysis (a range of images or a list of image pairs). Ids
/// are stable: the same spec and dataset listing always give the same items with the same ids
/// (DESIGN.md section 3).
/// </summary>
public sealed record WorkItem(string Id, string Analysis, int DatasetIndex, int ModelIndex, AnalysisItem Item)
{
    public int Start => Item.Start;

    public int Count => Item.Count;
}
