using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Data;

public class DatasetBatchReaderTests
{
    /// <summary>An in-memory dataset whose image i is filled with i / 1000; listed indices fail to load.</summary>
    private sealed class NumberedDataset(int count, params int[] broken) : IImageDataset
    {
        public string Name => "numbered";

        public string Source => "memory";

        public DatasetFormat Format => DatasetFormat.ImageFolder;

        public IReadOnlyList<string> ClassNames { get; } = ["even", "odd"];

        public IReadOnlyList<DatasetEntry> Entries { get; } =
            [.. Enumerable.Range(0, count).Select(i => new DatasetEntry($"img{i}", i % 2))];

        public ImageShape Shape { get; } = new(1, 2, 2);

        public int IgnoredFiles => 0;

        public void Load(int index, Span<float> destination)
        {
            if (broken.Contains(index))
            {
                throw new ImageLoadException($"img{index}", "truncated");
            }

            destination.Fill(index / 1000f);
        }

        public void Dispose()
        {
        }
    }

    private static List<(string Id, int Label, float Pixel)> ReadAll(DatasetBatchReader reader, int start, int count) =>
        [.. reader.Read(start, count).SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.Ids[i], b.Labels[i], b.Image(i)[3])).ToList())];

    [Fact]
    public void Read_Range_YieldsEveryImageOnceInOrder()
    {
        var reader = new DatasetBatchReader(new NumberedDataset(50), batchSize: 8);

        var images = ReadAll(reader, 5, 40);

        Assert.Equal(Enumerable.Range(5, 40).Select(i => $"img{i}"), images.Select(x => x.Id));
        Assert.All(images, x => Assert.Equal(int.Parse(x.Id[3..], System.Globalization.CultureInfo.InvariantCulture) / 1000f, x.Pixel));
        Assert.All(images, x => Assert.Equal(int.Parse(x.Id[3..], System.Globalization.CultureInfo.InvariantCulture) % 2, x.Label));
    }

    [Fact]
    public void Read_BrokenImages_AreSkippedAndListedAndTheRestCompacted()
    {
        var reader = new DatasetBatchReader(new NumberedDataset(20, 0, 9, 10, 19), batchSize: 5);

        var images = ReadAll(reader, 0, 20);

        Assert.Equal(16, images.Count);
        Assert.DoesNotContain(images, x => x.Id is "img0" or "img9" or "img10" or "img19");
        Assert.Equal(0.011f, images.Single(x => x.Id == "img11").Pixel);
        Assert.Equal(["img0", "img9", "img10", "img19"], reader.Skipped.Select(s => s.Id));
        Assert.Contains("truncated", reader.Skipped[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StrictWithABrokenImage_ThrowsNamingIt()
    {
        var reader = new DatasetBatchReader(new NumberedDataset(20, 12), batchSize: 5, strict: true);

        var error = Assert.Throws<CloudFreqException>(() => ReadAll(reader, 0, 20));

        Assert.Contains("img12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CallerStopsEarly_LeavesNoDecodeRunning()
    {
        var reader = new DatasetBatchReader(new NumberedDataset(1000), batchSize: 10);

        var first = reader.Read(0, 1000).First();

        // The enumerator was disposed after the first batch; a second full read still sees correct data.
        Assert.Equal(10, first.Capacity);
        Assert.Equal(1000, ReadAll(reader, 0, 1000).Count);
    }

    [Fact]
    public void Read_EmptyRange_YieldsNothing()
    {
        var reader = new DatasetBatchReader(new NumberedDataset(10), batchSize: 4);
        Assert.Empty(reader.Read(3, 0));
    }

    [Fact]
    public void Read_IndicesWithoutCompaction_KeepsSlotsAlignedAndMarksFailures()
    {
        var reader = new DatasetBatchReader(new NumberedDataset(20, 7), batchSize: 4);
        int[] indices = [3, 7, 7, 12, 5, 0];

        var slots = reader.Read(indices, compact: false)
            .SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.Ids[i], b.Labels[i], b.Image(i)[0])).ToList())
            .ToList();

        Assert.Equal(6, slots.Count);
        Assert.Equal(["img3", null, null, "img12", "img5", "img0"], slots.Select(s => s.Item1));
        Assert.Equal(-1, slots[1].Item2);
        Assert.Equal(0f, slots[2].Item3);
        Assert.Equal(0.012f, slots[3].Item3);
        Assert.Equal(2, reader.Skipped.Count);
    }
}
