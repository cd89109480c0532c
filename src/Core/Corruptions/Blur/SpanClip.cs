using System.Numerics.Tensors;

namespace CloudFreq.Core.Corruptions.Blur;

internal static class SpanClip
{
    /// <summary>np.clip in place, vectorized.</summary>
    public static void Clip(Span<float> values, float min, float max)
    {
        TensorPrimitives.Max(values, min, values);
        TensorPrimitives.Min(values, max, values);
    }
}
