using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Orchestrations.Tests.Estimates.Fakes;

/// <summary>A dataset with a shape and a name and no images: what transform families that only need the size see.</summary>
internal sealed class ShapeOnlyDataset(ImageShape shape, string name = "shapes") : IImageDataset
{
    public string Name => name;

    public string Source => "/fake/" + name;

    public DatasetFormat Format => DatasetFormat.Auto;

    public IReadOnlyList<string> ClassNames => [];

    public IReadOnlyList<DatasetEntry> Entries => [];

    public ImageShape Shape => shape;

    public int IgnoredFiles => 0;

    public void Load(int index, Span<float> destination) => throw new ImageLoadException(Source, $"no image {index}");

    public void Dispose()
    {
    }
}
