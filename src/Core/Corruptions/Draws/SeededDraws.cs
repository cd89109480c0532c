namespace CloudFreq.Core.Corruptions.Draws;

/// <summary>
/// Bulk draws from a caller's <see cref="Random"/> for loops that only need a run of uniforms:
/// through <see cref="CompatRandom"/> when it can borrow the Random's state, else through the
/// Random's own methods. Either way the values and the Random's later draws are those of calling
/// <see cref="Random.NextDouble"/> once per value.
/// </summary>
internal static class SeededDraws
{
    /// <summary><paramref name="destination"/>.Length draws of <paramref name="random"/>.NextDouble(), in order.</summary>
    public static void Fill(Random random, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (CompatRandom.TryBorrow(random, out var draws))
        {
            draws.Fill(destination);
            draws.Return(random);
        }
        else
        {
            new SystemRandomDraws(random).Fill(destination);
        }
    }
}
