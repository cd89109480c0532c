using System.Globalization;
using CloudFreq.Core.Data;

namespace CloudFreq.Core.Analyses;

/// <summary>What an analysis needs to plan its items on one dataset.</summary>
/// <param name="ItemSize">Images (or pairs) per work item.</param>
/// <param name="RunSeed">The run seed; plan-time randomness (hybrid pairings) derives from it.</param>
public sealed record AnalysisPlanContext(IImageDataset Dataset, int ItemSize, long RunSeed)
{
    /// <summary>Number of images an analysis limited to <paramref name="images"/> uses.</summary>
    public int Used(int images) => Math.Min(images, Dataset.Entries.Count);

    /// <summary>The subset size to record in items: 0 when every image is used.</summary>
    public int SubsetSize(int images) => images < Dataset.Entries.Count ? images : 0;

    /// <summary>The dataset entry at <paramref name="position"/> of the analysis's (possibly spread) subset.</summary>
    public DatasetEntry EntryAt(int position, int images) =>
        Dataset.Entries[AnalysisItem.SubsetIndex(position, SubsetSize(images), Dataset.Entries.Count)];

    /// <summary>Items of at most <see cref="ItemSize"/> images over the analysis's <paramref name="images"/> images.</summary>
    public IReadOnlyList<AnalysisItem> Ranges(int images, string keyPrefix = "")
    {
        var total = Used(images);
        var subset = SubsetSize(images);
        var items = new List<AnalysisItem>();
        for (var start = 0; start < total; start += ItemSize)
        {
            items.Add(new AnalysisItem(keyPrefix + start.ToString("D7", CultureInfo.InvariantCulture), start, Math.Min(ItemSize, total - start), SubsetSize: subset));
        }

        return items;
    }
}
