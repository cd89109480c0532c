namespace CloudFreq.Core.Corruptions;

/// <summary>
/// What the reference generators do to a corrupted image before it is stored: scale to [0,255],
/// cast to uint8 (numpy truncates, it does not round) and, for the ImageNet-C files, JPEG at quality 85.
/// </summary>
public static class CorruptionOutput
{
    /// <summary>Clips to [0,1] and truncates to uint8 levels, in place: x = floor(255 x) / 255.</summary>
    public static void Quantize(Span<float> image)
    {
        foreach (ref var value in image)
        {
            var clipped = float.IsNaN(value) ? 0f : Math.Clamp(value, 0f, 1f);
            value = MathF.Floor(clipped * 255f) / 255f;
        }
    }

    /// <summary>The uint8 levels of an image in [0,1] (truncating, as numpy's cast does).</summary>
    public static void ToBytes(ReadOnlySpan<float> image, Span<byte> destination)
    {
        for (var i = 0; i < image.Length; i++)
        {
            var clipped = float.IsNaN(image[i]) ? 0f : Math.Clamp(image[i], 0f, 1f);
            destination[i] = (byte)MathF.Floor(clipped * 255f);
        }
    }
}
