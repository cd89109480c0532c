using System.Runtime.CompilerServices;

namespace CloudFreq.Core.Attacks;

/// <summary>
/// One image's random stream: xoshiro256** seeded by SplitMix64 from the image's seed, an
/// attack-specific stream id and a restart index. Built only from <see cref="AttackBatch.Seeds"/>,
/// so an image draws the same values whatever else is in its batch.
/// </summary>
internal sealed class AttackRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareGaussian = double.NaN;

    public AttackRandom(ulong seed, ulong stream = 0, ulong restart = 0)
    {
        var state = Mix(seed, stream, restart);
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    /// <summary>A seed derived from <paramref name="seed"/> and two integers (distinct inputs give unrelated seeds).</summary>
    public static ulong Mix(ulong seed, ulong stream, ulong restart)
    {
        var state = seed;
        var a = SplitMix(ref state);
        state = a ^ (stream * 0xD1B54A32D192ED03UL);
        var b = SplitMix(ref state);
        state = b ^ (restart * 0xAEF17502108EF2D9UL);
        return SplitMix(ref state);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 1)
        {
            return 0;
        }

        // Lemire's multiply-shift with rejection of the biased low range.
        var range = (ulong)maxExclusive;
        var threshold = (0UL - range) % range;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold)
            {
                return (int)product;
            }
        }
    }

    /// <summary>-1 or +1 with equal probability.</summary>
    public float NextSign() => (NextUInt64() >> 63) == 0 ? -1f : 1f;

    /// <summary>Standard normal draw (Box-Muller, both outputs of each pair used).</summary>
    public double NextGaussian()
    {
        if (!double.IsNaN(_spareGaussian))
        {
            var spare = _spareGaussian;
            _spareGaussian = double.NaN;
            return spare;
        }

        var u1 = 1.0 - NextDouble(); // (0, 1], so the log is finite
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        _spareGaussian = radius * sin;
        return radius * cos;
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
