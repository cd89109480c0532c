using CloudFreq.Core.Data;

namespace CloudFreq.Core.Analyses;

/// <summary>What an analysis needs to plan its items on one dataset.</summary>
/// <param name="ItemSize">Images (or pairs) per work item.</param>
/// <param name="RunSeed">The run seed; plan-time randomness (hybrid pairings) derives from it.</param>
public sealed record AnalysisPlanContext(IImageDataset Dataset, int ItemSize, long RunSeed)
{
    /// <summary>Items of at most <see cref="ItemSize"/> images over the first <paramref name="images"/> images.</summary>
    public IReadOnlyList<AnalysisItem> Ranges(int images, string keyPrefix = "")
    {
        var total = Math.Min(images, Dataset.Entries.Count);
        var items = new List<AnalysisItem>();
        for (var start = 0; start < total; start += ItemSize)
        {
            items.Add(new AnalysisItem(keyPrefix + start.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), start, Math.Min(ItemSize, total - start)));
        }

        return items;
    }
}
