using System.Numerics.Tensors;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// Noise is drawn into small stack buffers and combined with the image chunk by chunk, so the
/// arithmetic vectorizes without an image-sized noise array.
/// </summary>
internal static class NoiseChunks
{
    public const int Length = 512;

    public static void Fill(IEnumerator<double> samples, Span<float> chunk)
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            samples.MoveNext();
            chunk[i] = (float)samples.Current;
        }
    }

    public static void ClipToUnit(Span<float> values)
    {
        TensorPrimitives.Max(values, 0f, values);
        TensorPrimitives.Min(values, 1f, values);
    }
}
