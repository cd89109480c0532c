using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CloudFreq.Core.Corruptions.Draws;

/// <summary>
/// The generator of a seeded <see cref="Random"/> (new Random(seed) keeps the legacy Knuth subtractive
/// generator for compatibility), run inline on that Random's own state: the same draws as its
/// NextDouble and Next(min, max), at a fraction of the cost of a virtual call and a mispredicted
/// branch per draw. The 55-value table is the Random's own array, advanced in place; <see cref="Return"/>
/// writes the two indices back, so the Random goes on exactly as if it had made the draws itself.
/// The private fields are reached by compiled expressions; where they are missing or the built-in
/// self-check disagrees with a real Random (another runtime), <see cref="TryBorrow"/> says no and
/// callers use <see cref="SystemRandomDraws"/>.
/// </summary>
internal struct CompatRandom : IUniformDraws
{
    private const int MBig = int.MaxValue;

    private readonly int[] _seeds;
    private int _next;
    private int _nextP;

    private CompatRandom(int[] seeds, int next, int nextP)
    {
        _seeds = seeds;
        _next = next;
        _nextP = nextP;
    }

    /// <summary>Whether this runtime's seeded Random is the generator reproduced here (checked once).</summary>
    public static bool IsAvailable => State.Available;

    /// <summary>
    /// Takes over the draws of <paramref name="random"/> if it is a seeded <see cref="Random"/>
    /// (not a subclass, not unseeded); the caller must <see cref="Return"/> it before the Random
    /// is used again.
    /// </summary>
    public static bool TryBorrow(Random random, out CompatRandom draws)
    {
        draws = default;
        if (!State.Available || State.Seeds(random) is not { } seeds)
        {
            return false;
        }

        draws = new CompatRandom(seeds, State.Next(random), State.NextP(random));
        return true;
    }

    /// <summary>Hands the advanced state back to the Random it was borrowed from.</summary>
    public readonly void Return(Random random) => State.SetIndices(random, _next, _nextP);

    /// <summary>CompatPrng.InternalSample: a value in [0, int.MaxValue), branch-free where the original branches at random.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextSample()
    {
        var next = _next + 1;
        next = next >= 56 ? 1 : next;
        var nextP = _nextP + 1;
        nextP = nextP >= 56 ? 1 : nextP;
        var seeds = _seeds;
        var value = seeds[next] - seeds[nextP];
        if (value == MBig)
        {
            value--;
        }

        // value < 0 ? value + MBig : value, without the coin-flip branch.
        value += (value >> 31) & MBig;
        seeds[next] = value;
        _next = next;
        _nextP = nextP;
        return value;
    }

    /// <summary>
    /// The next <paramref name="destination"/>.Length values of <see cref="NextSample"/> (Random.Next()),
    /// whole turns of the 55-value table at a time where possible: within a turn, draws 1 to 34 read
    /// only values from before the turn and draws 35 to 55 only draws 1 to 21 of the same turn, so
    /// both halves go eight lanes at a time, in order, with the same integer arithmetic.
    /// </summary>
    public void NextSamples(Span<int> destination)
    {
        var i = 0;
        while (i < destination.Length && _next % 55 != 0)
        {
            destination[i++] = NextSample();
        }

        for (; destination.Length - i >= 55; i += 55)
        {
            Turn(_seeds);
            _seeds.AsSpan(1, 55).CopyTo(destination[i..]);
            (_next, _nextP) = (55, 21);
        }

        while (i < destination.Length)
        {
            destination[i++] = NextSample();
        }
    }

    /// <summary>One turn of the table from index 1 (the state after draw 55 of a turn, or a fresh one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Turn(int[] seeds)
    {
        var table = seeds.AsSpan(0, 56);
        var j = 1;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= 35; j += 8)
            {
                ReduceLanes(Vector256.Create(table[j..]) - Vector256.Create(table[(j + 21)..])).CopyTo(table[j..]);
            }
        }

        for (; j <= 34; j++)
        {
            table[j] = Reduce(table[j] - table[j + 21]);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= 56; j += 8)
            {
                ReduceLanes(Vector256.Create(table[j..]) - Vector256.Create(table[(j - 34)..])).CopyTo(table[j..]);
            }
        }

        for (; j <= 55; j++)
        {
            table[j] = Reduce(table[j] - table[j - 34]);
        }

        static int Reduce(int value)
        {
            value -= value == MBig ? 1 : 0;
            return value + ((value >> 31) & MBig);
        }

        static Vector256<int> ReduceLanes(Vector256<int> value)
        {
            // Equals gives -1 in matching lanes: value - 1 where value == MBig.
            value += Vector256.Equals(value, Vector256.Create(MBig));
            return value + (Vector256.ShiftRightArithmetic(value, 31) & Vector256.Create(MBig));
        }
    }

    /// <summary><paramref name="destination"/>.Length draws of NextDouble, in order: bulk samples / int.MaxValue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(Span<double> destination)
    {
        // The samples go through the front half of the doubles' own memory: written before read, from the back.
        var samples = MemoryMarshal.Cast<double, int>(destination)[..destination.Length];
        NextSamples(samples);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = samples[i] * (1.0 / MBig);
        }
    }

    /// <summary>
    /// <paramref name="destination"/>.Length draws of Next(min, max), in order: bulk samples, then
    /// (int)(sample / int.MaxValue * range) + min four at a time (int to double is exact, and the two
    /// products are rounded as the scalar ones are).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Fill(int minValue, int maxValue, Span<int> destination)
    {
        long range = (long)maxValue - minValue;
        if ((ulong)range > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue));
        }

        NextSamples(destination);
        var i = 0;
        if (Avx.IsSupported)
        {
            var (scale, width, offset) = (Vector256.Create(1.0 / MBig), Vector256.Create((double)range), Vector128.Create(minValue));
            fixed (int* values = destination)
            {
                for (; i <= destination.Length - Vector128<int>.Count; i += Vector128<int>.Count)
                {
                    var sample = Avx.ConvertToVector256Double(Sse2.LoadVector128(values + i));
                    Sse2.Store(values + i, Avx.ConvertToVector128Int32WithTruncation(sample * scale * width) + offset);
                }
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = (int)(destination[i] * (1.0 / MBig) * range) + minValue;
        }
    }

    /// <summary>Random.NextDouble: Sample() = InternalSample() / int.MaxValue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => NextSample() * (1.0 / MBig);

    /// <summary>Random.Next(min, max) for ranges up to int.MaxValue: (int)(Sample() * range) + min.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int minValue, int maxValue)
    {
        long range = (long)maxValue - minValue;
        if ((ulong)range > int.MaxValue)
        {
            // Larger ranges use a two-sample path that nothing here needs.
            throw new ArgumentOutOfRangeException(nameof(maxValue));
        }

        return (int)(NextDouble() * range) + minValue;
    }

    /// <summary>Compiled accessors of Random._impl._prng's fields, and the one-time self-check.</summary>
    private static class State
    {
        public static readonly bool Available;
        public static readonly Func<Random, int[]?> Seeds = _ => null;
        public static readonly Func<Random, int> Next = _ => 0;
        public static readonly Func<Random, int> NextP = _ => 0;
        public static readonly Action<Random, int, int> SetIndices = (_, _, _) => { };

        static State()
        {
            try
            {
                const BindingFlags instance = BindingFlags.Instance | BindingFlags.NonPublic;
                var implField = typeof(Random).GetField("_impl", instance);
                var implType = typeof(Random).GetNestedType("CompatSeedImpl", BindingFlags.NonPublic)
                    ?? typeof(Random).GetNestedType("Net5CompatSeedImpl", BindingFlags.NonPublic);
                var prngField = implType?.GetField("_prng", instance);
                var seedsField = prngField?.FieldType.GetField("_seedArray", instance);
                var nextField = prngField?.FieldType.GetField("_inext", instance);
                var nextPField = prngField?.FieldType.GetField("_inextp", instance);
                if (implField is null || implType is null || prngField is null || seedsField?.FieldType != typeof(int[])
                    || nextField?.FieldType != typeof(int) || nextPField?.FieldType != typeof(int))
                {
                    return;
                }

                var random = Expression.Parameter(typeof(Random), "random");
                var impl = Expression.Field(random, implField);
                var prng = Expression.Field(Expression.Convert(impl, implType), prngField);
                var seeds = Expression.Lambda<Func<Random, int[]?>>(
                    Expression.Condition(Expression.TypeEqual(impl, implType), Expression.Field(prng, seedsField), Expression.Constant(null, typeof(int[]))),
                    random).Compile();
                var next = Expression.Lambda<Func<Random, int>>(Expression.Field(prng, nextField), random).Compile();
                var nextP = Expression.Lambda<Func<Random, int>>(Expression.Field(prng, nextPField), random).Compile();
                var (nextValue, nextPValue) = (Expression.Parameter(typeof(int)), Expression.Parameter(typeof(int)));
                var setIndices = Expression.Lambda<Action<Random, int, int>>(
                    Expression.Block(Expression.Assign(Expression.Field(prng, nextField), nextValue), Expression.Assign(Expression.Field(prng, nextPField), nextPValue)),
                    random, nextValue, nextPValue).Compile();
                if (!SelfCheck(seeds, next, nextP, setIndices))
                {
                    return;
                }

                (Seeds, Next, NextP, SetIndices, Available) = (seeds, next, nextP, setIndices, true);
            }
            catch (Exception e) when (e is MemberAccessException or InvalidOperationException or ArgumentException or NotSupportedException)
            {
                // A runtime without these internals (or without dynamic code): the Random's own methods are used.
            }
        }

        /// <summary>Draws, hands back and draws again beside a real Random with the same seed; every value must agree.</summary>
        private static bool SelfCheck(Func<Random, int[]?> seeds, Func<Random, int> next, Func<Random, int> nextP, Action<Random, int, int> setIndices)
        {
            Span<int> bulk = stackalloc int[200];
            foreach (var seed in new[] { 0, 1, 42, int.MaxValue, int.MinValue })
            {
                var (borrowed, reference) = (new Random(seed), new Random(seed));
                if (seeds(borrowed) is not { } table)
                {
                    return false;
                }

                var draws = new CompatRandom(table, next(borrowed), nextP(borrowed));
                draws.Fill(-3, 3, bulk[..99]);
                foreach (var value in bulk[..99])
                {
                    if (value != reference.Next(-3, 3))
                    {
                        return false;
                    }
                }

                for (var i = 0; i < 500; i++)
                {
                    if (draws.Next(-i % 7, (i % 5) + 1) != reference.Next(-i % 7, (i % 5) + 1) || draws.NextDouble() != reference.NextDouble())
                    {
                        return false;
                    }
                }

                // Bulk draws from every offset within a turn, then single ones again.
                for (var length = 1; length <= bulk.Length; length += 37)
                {
                    draws.NextSamples(bulk[..length]);
                    foreach (var value in bulk[..length])
                    {
                        if (value != reference.Next())
                        {
                            return false;
                        }
                    }
                }

                setIndices(borrowed, draws._next, draws._nextP);
                if (borrowed.Next() != reference.Next() || borrowed.NextDouble() != reference.NextDouble())
                {
                    return false;
                }
            }

            return true;
        }
    }
}
