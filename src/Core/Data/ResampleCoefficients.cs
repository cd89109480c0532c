using System.Buffers;

namespace CloudFreq.Core.Data;

/// <summary>Triangle-filter taps for a run of output positions along one axis (pooled arrays).</summary>
internal readonly struct ResampleCoefficients
{
    private ResampleCoefficients(int[] start, int[] count, float[] weights, int stride)
    {
        Start = start;
        Count = count;
        Weights = weights;
        Stride = stride;
    }

    /// <summary>First source index each output reads.</summary>
    public int[] Start { get; }

    /// <summary>How many source indices each output reads.</summary>
    public int[] Count { get; }

    /// <summary>Normalized weights, <see cref="Stride"/> per output.</summary>
    public float[] Weights { get; }

    public int Stride { get; }

    /// <summary>PIL's precompute_coeffs with the triangle filter, for outputs [first, first+count) of outSize.</summary>
    public static ResampleCoefficients Compute(int inSize, int outSize, int first, int count)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filterScale; // the triangle's support is 1, widened by the downscale factor
        var stride = ((int)Math.Ceiling(support) * 2) + 1;
        var start = ArrayPool<int>.Shared.Rent(count);
        var taps = ArrayPool<int>.Shared.Rent(count);
        var weights = ArrayPool<float>.Shared.Rent(count * stride);
        var raw = stride <= 256 ? stackalloc double[stride] : new double[stride];
        for (var i = 0; i < count; i++)
        {
            var center = (first + i + 0.5) * scale;
            var min = Math.Max((int)(center - support + 0.5), 0);
            var length = Math.Min((int)(center + support + 0.5), inSize) - min;
            var total = 0.0;
            for (var k = 0; k < length; k++)
            {
                var distance = Math.Abs((k + min - center + 0.5) / filterScale);
                raw[k] = distance < 1.0 ? 1.0 - distance : 0.0;
                total += raw[k];
            }

            for (var k = 0; k < length; k++)
            {
                weights[(i * stride) + k] = (float)(total == 0 ? 0 : raw[k] / total);
            }

            start[i] = min;
            taps[i] = length;
        }

        return new ResampleCoefficients(start, taps, weights, stride);
    }

    public void Return()
    {
        ArrayPool<int>.Shared.Return(Start);
        ArrayPool<int>.Shared.Return(Count);
        ArrayPool<float>.Shared.Return(Weights);
    }
}
