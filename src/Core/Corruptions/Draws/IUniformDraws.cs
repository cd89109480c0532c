namespace CloudFreq.Core.Corruptions.Draws;

/// <summary>Uniform draws with <see cref="Random"/>'s NextDouble and Next(min, max) semantics, for generic hot loops.</summary>
internal interface IUniformDraws
{
    double NextDouble();

    int Next(int minValue, int maxValue);

    /// <summary><paramref name="destination"/>.Length draws of <see cref="NextDouble"/>, in order.</summary>
    void Fill(Span<double> destination);

    /// <summary><paramref name="destination"/>.Length draws of <see cref="Next"/>, in order.</summary>
    void Fill(int minValue, int maxValue, Span<int> destination);
}
