using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>The argument checks every corruption of this family makes before touching pixels.</summary>
internal static class CorruptionArguments
{
    public static void Validate(ReadOnlySpan<float> image, ImageShape shape, Span<float> destination)
    {
        if (shape.Channels != 3)
        {
            throw new ArgumentException($"Corruptions take 3-channel RGB images, got {shape}.", nameof(shape));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Height, 1, nameof(shape));
        ArgumentOutOfRangeException.ThrowIfLessThan(shape.Width, 1, nameof(shape));
        if (image.Length != shape.Length)
        {
            throw new ArgumentException($"Image has {image.Length} values, shape {shape} needs {shape.Length}.", nameof(image));
        }

        if (destination.Length != shape.Length)
        {
            throw new ArgumentException($"Destination has {destination.Length} values, shape {shape} needs {shape.Length}.", nameof(destination));
        }
    }
}
