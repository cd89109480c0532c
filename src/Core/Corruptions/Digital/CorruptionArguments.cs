using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>Checks shared by the noise and digital corruptions before they touch any pixel.</summary>
internal static class CorruptionArguments
{
    public static void Validate(ReadOnlySpan<float> image, ImageShape shape, Span<float> destination)
    {
        if (shape.Channels != 3 || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentException($"Corruptions take a 3-channel RGB image, got {shape}.", nameof(shape));
        }

        if (image.Length != shape.Length)
        {
            throw new ArgumentException($"Image holds {image.Length} values, shape {shape} needs {shape.Length}.", nameof(image));
        }

        if (destination.Length != shape.Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} values, shape {shape} needs {shape.Length}.", nameof(destination));
        }
    }

    /// <summary>The uint8 level of a value in [0,1], as the generators' PIL input holds it (rounded, clipped).</summary>
    public static byte ToLevel(float value) =>
        float.IsNaN(value) ? (byte)0 : (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);
}
