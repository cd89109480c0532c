namespace CloudFreq.Core.Corruptions.Draws;

/// <summary>The draws of a <see cref="Random"/> through its own (virtual) methods: the fallback of <see cref="CompatRandom"/>.</summary>
internal readonly struct SystemRandomDraws(Random random) : IUniformDraws
{
    public double NextDouble() => random.NextDouble();

    public int Next(int minValue, int maxValue) => random.Next(minValue, maxValue);

    public void Fill(Span<double> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = random.NextDouble();
        }
    }

    public void Fill(int minValue, int maxValue, Span<int> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = random.Next(minValue, maxValue);
        }
    }
}
