using CloudFreq.Core.Analyses;
using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Analyses;

public class AnalysisSubsetTests
{
    /// <summary>1,000 images sorted by class, 100 per class, as an ImageFolder lists them.</summary>
    private sealed class SortedByClassDataset : IImageDataset
    {
        public string Name => "sorted";

        public string Source => "memory";

        public DatasetFormat Format => DatasetFormat.ImageFolder;

        public IReadOnlyList<string> ClassNames { get; } = [.. Enumerable.Range(0, 10).Select(i => $"c{i}")];

        public IReadOnlyList<DatasetEntry> Entries { get; } = [.. Enumerable.Range(0, 1000).Select(i => new DatasetEntry($"c{i / 100}/{i % 100:D3}.png", i / 100))];

        public ImageShape Shape { get; } = new(1, 4, 4);

        public int IgnoredFiles => 0;

        public void Load(int index, Span<float> destination) => destination.Fill(index);

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Ranges_FewerImagesThanTheDataset_SpreadOverEveryClass()
    {
        var dataset = new SortedByClassDataset();
        var items = new AnalysisPlanContext(dataset, ItemSize: 30, RunSeed: 0).Ranges(100);

        var indices = items.SelectMany(i => i.Indices(dataset.Entries.Count)).ToArray();

        Assert.Equal(100, indices.Length);
        Assert.Equal(100, indices.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i * 10), indices);
        Assert.Equal(10, indices.Select(i => dataset.Entries[i].Label).Distinct().Count());
    }

    [Fact]
    public void Ranges_AllImages_AreTheStableOrder()
    {
        var dataset = new SortedByClassDataset();
        var items = new AnalysisPlanContext(dataset, ItemSize: 300, RunSeed: 0).Ranges(int.MaxValue);

        Assert.Equal(Enumerable.Range(0, 1000), items.SelectMany(i => i.Indices(1000)));
        Assert.All(items, i => Assert.Equal(0, i.SubsetSize));
    }

    [Fact]
    public void HybridPlan_SubsetOfAClassSortedDataset_PairsAcrossClasses()
    {
        var dataset = new SortedByClassDataset();
        var plan = new HybridAnalysis(HybridOptions.Default with { Images = 200, Seeds = [0] }).Plan(new AnalysisPlanContext(dataset, 1000, 0));

        var pairs = plan.SelectMany(i => i.Pairs!).ToArray();
        var label = dataset.Entries.ToDictionary(e => e.Id, e => e.Label);

        Assert.Equal(200, pairs.Length);
        Assert.All(pairs, p => Assert.NotEqual(label[p.A], label[p.B]));
        Assert.Equal(10, pairs.Select(p => label[p.A]).Distinct().Count());
    }
}
