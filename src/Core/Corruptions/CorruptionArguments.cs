using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions;

/// <summary>The argument checks every <see cref="ICorruption.Apply"/> makes first.</summary>
internal static class CorruptionArguments
{
    public static void Validate(ReadOnlySpan<float> image, ImageShape shape, Span<float> destination)
    {
        if (shape.Channels != 3 || shape.Height < 1 || shape.Width < 1)
        {
            throw new ArgumentException($"Corruptions take a 3 x H x W RGB image, got {shape}.", nameof(shape));
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

    /// <summary>Also checks the severity (1..5) and the random source, before any work.</summary>
    public static void Validate(ReadOnlySpan<float> image, ImageShape shape, int severity, Random random, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(severity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(severity, CorruptionTable<int>.Severities);
        Validate(image, shape, destination);
    }

    /// <summary>The nearest uint8 level of a value in [0,1], as PIL receives an image.</summary>
    public static byte ToLevel(float value) =>
        float.IsNaN(value) ? (byte)0 : (byte)Math.Clamp(MathF.Round(value * 255f), 0f, 255f);
}
