using CloudFreq.Core.Data;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Costs;

/// <summary>What a probe works on.</summary>
/// <param name="Dataset">The run's dataset: decoding reads its files; the others only take its image shape.</param>
/// <param name="BatchSize">Images per <see cref="ITransformProbe.Run"/>: enough to keep every core busy.</param>
/// <param name="Seed">Seeds the random images the probe transforms (image content barely changes these costs).</param>
public sealed record TransformProbeContext(IImageDataset Dataset, int BatchSize, int Seed)
{
    public ImageShape Shape => Dataset.Shape;

    /// <summary><paramref name="count"/> random images of <see cref="Shape"/> in [0, 1], back to back.</summary>
    public float[] RandomImages(int count)
    {
        var random = new Random(Seed);
        var images = new float[count * Shape.Length];
        for (var i = 0; i < images.Length; i++)
        {
            images[i] = random.NextSingle();
        }

        return images;
    }
}
