using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// impulse_noise: skimage's salt-and-pepper noise; each value independently becomes 1 (salt) or 0
/// (pepper) with probability amount, salt and pepper equally likely.
/// </summary>
public sealed class ImpulseNoise : ICorruption
{
    internal static readonly CorruptionTable<double> Amount = new(
        imageNetC: [0.03, 0.06, 0.09, 0.17, 0.27],
        cifar10C: [0.01, 0.02, 0.03, 0.05, 0.07]);

    public string Name => "impulse_noise";

    public bool UsesRandomness => true;

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var amount = Amount[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);

        // One uniform draw decides both events: below amount/2 salt, below amount pepper. Same
        // distribution as skimage's two Bernoulli masks (flipped, then salted with p = 0.5).
        var saltBelow = amount * 0.5;
        for (var i = 0; i < image.Length; i++)
        {
            var u = random.NextDouble();
            destination[i] = u < saltBelow ? 1f : u < amount ? 0f : Math.Clamp(image[i], 0f, 1f);
        }
    }
}
