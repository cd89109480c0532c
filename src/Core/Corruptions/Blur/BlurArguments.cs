using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>The argument checks every corruption of this family makes before touching pixels.</summary>
internal static class BlurArguments
{
    public static void Validate(ReadOnlySpan<float> image, ImageShape shape, int severity, Random random, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(severity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(severity, PresetTable<int>.Severities);
        if (shape.Channels != 3 || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentException($"Expected a 3 x H x W RGB image, got {shape}.", nameof(shape));
        }

        if (image.Length != shape.Length || destination.Length != shape.Length)
        {
            throw new ArgumentException($"Image and destination must hold {shape.Length} values ({shape}).");
        }
    }
}
