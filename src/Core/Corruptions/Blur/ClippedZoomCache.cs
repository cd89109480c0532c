using System.Collections.Concurrent;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// <see cref="ClippedZoom"/>s by image size and factor, shared by the threads that apply a
/// corruption (a ClippedZoom is immutable): the tables are built once instead of per image. A
/// corruption sees a handful of sizes and at most a few dozen factors, so the cache stays small.
/// </summary>
internal sealed class ClippedZoomCache
{
    private readonly ConcurrentDictionary<(int Height, int Width, double Factor), ClippedZoom> _zooms = new();

    public ClippedZoom Get(int height, int width, double factor) =>
        _zooms.GetOrAdd((height, width, factor), key => new ClippedZoom(key.Height, key.Width, key.Factor));
}
