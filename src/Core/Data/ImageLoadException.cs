namespace CloudFreq.Core.Data;

/// <summary>One image could not be loaded; the run skips and counts it unless strict.</summary>
public sealed class ImageLoadException(string imageId, string message, Exception? inner = null)
    : Exception($"{imageId}: {message}", inner)
{
    public string ImageId { get; } = imageId;
}
