using System.Numerics;
using System.Runtime.CompilerServices;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// Combines noise with the image and clips to [0, 1] in one pass. Hand-written vector loops
/// compiled optimized at once: short runs never leave tier 0 in the generic TensorPrimitives kernels.
/// </summary>
internal static class NoiseChunks
{
    /// <summary>Values per chunk: noise goes through a stack buffer, so image and destination may alias.</summary>
    public const int Length = 512;

    /// <summary>destination = clip(image + noise, 0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddClipped(ReadOnlySpan<float> image, ReadOnlySpan<float> noise, Span<float> destination)
    {
        var i = 0;
        for (; i <= destination.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var sum = new Vector<float>(image[i..]) + new Vector<float>(noise[i..]);
            Vector.Min(Vector.Max(sum, Vector<float>.Zero), Vector<float>.One).CopyTo(destination[i..]);
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Math.Clamp(image[i] + noise[i], 0f, 1f);
        }
    }

    /// <summary>destination = clip(image + image * noise, 0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAddClipped(ReadOnlySpan<float> image, ReadOnlySpan<float> noise, Span<float> destination)
    {
        var i = 0;
        for (; i <= destination.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var x = new Vector<float>(image[i..]);
            var sum = x + (x * new Vector<float>(noise[i..]));
            Vector.Min(Vector.Max(sum, Vector<float>.Zero), Vector<float>.One).CopyTo(destination[i..]);
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Math.Clamp(image[i] + (image[i] * noise[i]), 0f, 1f);
        }
    }

    /// <summary>
    /// Draws N(0, sigma) per value, chunk by chunk, and combines it with the image: added
    /// (gaussian_noise) or multiplied by the image first (speckle_noise); clipped to [0,1].
    /// </summary>
    public static void ApplyNormal(ReadOnlySpan<float> image, Span<float> destination, Random random, double sigma, bool multiplicative)
    {
        var uniform = new FastUniform(random);
        Span<float> noise = stackalloc float[Length];
        for (var start = 0; start < image.Length; start += noise.Length)
        {
            var count = Math.Min(noise.Length, image.Length - start);
            FastNormals.Fill(ref uniform, noise[..count], (float)sigma);
            if (multiplicative)
            {
                MultiplyAddClipped(image.Slice(start, count), noise[..count], destination.Slice(start, count));
            }
            else
            {
                AddClipped(image.Slice(start, count), noise[..count], destination.Slice(start, count));
            }
        }
    }
}
