using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace CloudFreq.Core.Corruptions.Blur;

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
            foreach (var seed in new[] { 0, 1, 42, int.MaxValue, int.MinValue })
            {
                var (borrowed, reference) = (new Random(seed), new Random(seed));
                if (seeds(borrowed) is not { } table)
                {
                    return false;
                }

                var draws = new CompatRandom(table, next(borrowed), nextP(borrowed));
                for (var i = 0; i < 500; i++)
                {
                    if (draws.Next(-i % 7, (i % 5) + 1) != reference.Next(-i % 7, (i % 5) + 1) || draws.NextDouble() != reference.NextDouble())
                    {
                        return false;
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
