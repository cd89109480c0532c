using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Analyses.Fakes;

/// <summary>A dataset held in memory: images given as CHW arrays, ids "img000".."imgNNN".</summary>
internal sealed class InMemoryDataset(ImageShape shape, IReadOnlyList<float[]> images, IReadOnlyList<int> labels, int classCount) : IImageDataset
{
    public string Name => "memory";

    public string Source => "memory";

    public DatasetFormat Format => DatasetFormat.ImageFolder;

    public IReadOnlyList<string> ClassNames { get; } = [.. Enumerable.Range(0, classCount).Select(c => $"class{c}")];

    public IReadOnlyList<DatasetEntry> Entries { get; } = [.. labels.Select((l, i) => new DatasetEntry($"img{i:D3}", l))];

    public ImageShape Shape => shape;

    public int IgnoredFiles => 0;

    public void Load(int index, Span<float> destination) => images[index].CopyTo(destination);

    public void Dispose()
    {
    }
}
