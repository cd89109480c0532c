using System.Text.Json;
using System.Runtime.CompilerServices;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Imaging;
using MathNet.Numerics.Distributions;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>shot_noise: Poisson(x * c) / c per value, clipped to [0,1]; fewer photons c = stronger noise.</summary>
/// <param name="photons">The table (default: the reference's); a custom table's entries are single numbers: photon count c, above 0.</param>
public sealed class ShotNoise(CorruptionTable<double>? photons = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> Photons = new(
        imageNetC: [60, 25, 12, 5, 3],
        cifar10C: [500, 250, 100, 75, 50]);

    private static readonly TableColumn[] Columns = [TableColumn.Positive("photons")];

    private readonly CorruptionTable<double> _photons = photons ?? Photons;

    public string Name => "shot_noise";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new ShotNoise(CorruptionTableJson.Read(table, where, _photons, Columns, r => r[0]));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var photons = _photons[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        ArgumentNullException.ThrowIfNull(random);

        // Images decoded from 8-bit files hold at most 256 values, so the rates are few: their
        // Poisson distributions are tabulated once and sampled by exact inversion. Other values
        // (and the ~1e-12 tails past a table) take MathNet's sampler.
        var sampler = ShotNoiseSampler.ForPhotons(photons);
        var uniform = new FastUniform(random);
        for (var i = 0; i < image.Length; i++)
        {
            var x = image[i];

            // numpy's poisson(0) is 0; MathNet rejects a rate of 0 (and NaN reads as 0 as before).
            if (!(x > 0))
            {
                destination[i] = 0;
                continue;
            }

            // An infinite rate would never end MathNet's sampler; its clipped output is 1.
            if (float.IsPositiveInfinity(x))
            {
                destination[i] = 1;
                continue;
            }

            var rate = x * photons;
            var level = (int)MathF.Round(x * 255f);
            if (level <= 255 && level / 255f == x)
            {
                if (sampler.TrySample(level, uniform.NextDouble(), out var output))
                {
                    destination[i] = output;
                    continue;
                }
            }

            destination[i] = (float)Math.Min(Poisson.Sample(random, rate) / photons, 1.0);
        }
    }
}
