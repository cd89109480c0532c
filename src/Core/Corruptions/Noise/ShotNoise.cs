using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Imaging;
using MathNet.Numerics.Distributions;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>shot_noise: Poisson(x * c) / c per value, clipped to [0,1]; fewer photons c = stronger noise.</summary>
public sealed class ShotNoise : ICorruption
{
    internal static readonly SeverityTable<double> Photons = new(
        imageNetC: [60, 25, 12, 5, 3],
        cifar10C: [500, 250, 100, 75, 50]);

    public string Name => "shot_noise";

    public bool UsesRandomness => true;

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var photons = Photons.For(preset, severity);
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);

        for (var i = 0; i < image.Length; i++)
        {
            var rate = Math.Max(0, (double)image[i]) * photons;

            // numpy's poisson(0) is 0; MathNet rejects a rate of 0.
            var count = rate > 0 ? Poisson.Sample(random, rate) : 0;
            destination[i] = (float)Math.Min(count / photons, 1.0);
        }
    }
}
