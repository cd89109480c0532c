using System.Runtime.CompilerServices;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// xoshiro256** (Blackman and Vigna) seeded by four draws from the caller's <see cref="Random"/>:
/// the output is still fixed by that Random's seed, but a draw costs about a nanosecond where
/// <see cref="Random.NextDouble"/> on a seeded Random costs several, and the corruptions draw one
/// or more values per pixel.
/// </summary>
internal struct FastUniform
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    public FastUniform(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);

        // SplitMix64 spreads the seed draws over the state; an all-zero state cannot come out of it.
        var seed = (ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 32);
        s0 = SplitMix(ref seed);
        s1 = SplitMix(ref seed);
        s2 = SplitMix(ref seed);
        s3 = SplitMix(ref seed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits, as numpy's random_sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// Normal draws by Box-Muller from <see cref="FastUniform"/>, both outputs of each pair used.
/// float32 is enough: the radius uses 24-bit uniforms in (0, 1), so draws reach 5.8 sigma,
/// beyond what survives the [0, 1] clip of any severity. Scalar MathF calls on purpose: the
/// generic vector kernels of TensorPrimitives run as unoptimized tier-0 code for the first
/// hundreds of calls, which is the whole life of a short run, while these methods are compiled
/// optimized from the start.
/// </summary>
internal static class FastNormals
{
    private const float UnitPer24Bits = 1f / (1 << 24);

    /// <summary>Fills <paramref name="values"/> with N(0, sigma).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(ref FastUniform uniform, Span<float> values, float sigma)
    {
        var i = 0;
        for (; i + 1 < values.Length; i += 2)
        {
            var (a, b) = NextPair(ref uniform, sigma);
            values[i] = a;
            values[i + 1] = b;
        }

        if (i < values.Length)
        {
            values[i] = NextPair(ref uniform, sigma).A;
        }
    }

    /// <summary>Fills <paramref name="values"/> with N(mean, sigma) (float32 draws widened).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(ref FastUniform uniform, Span<double> values, double mean, double sigma)
    {
        var i = 0;
        for (; i + 1 < values.Length; i += 2)
        {
            var (a, b) = NextPair(ref uniform, (float)sigma);
            values[i] = mean + a;
            values[i + 1] = mean + b;
        }

        if (i < values.Length)
        {
            values[i] = mean + NextPair(ref uniform, (float)sigma).A;
        }
    }

    /// <summary>r = sigma sqrt(-2 ln u1); (r cos t, r sin t) with t = 2 pi u2 are two independent N(0, sigma^2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float A, float B) NextPair(ref FastUniform uniform, float sigma)
    {
        // 24 bits each: exact in float32; +0.5 keeps the radius' uniform off 0.
        var bits = uniform.NextUInt64();
        var u = ((int)(bits >> 40) + 0.5f) * UnitPer24Bits;
        var angle = (int)((bits >> 8) & 0xFFFFFF) * (UnitPer24Bits * 2 * MathF.PI);
        var radius = sigma * MathF.Sqrt(-2f * MathF.Log(u));
        var (sin, cos) = MathF.SinCos(angle);
        return (radius * cos, radius * sin);
    }
}
