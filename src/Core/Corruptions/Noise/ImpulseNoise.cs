using System.Text.Json;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Noise;

/// <summary>
/// impulse_noise: skimage's salt-and-pepper noise; each value independently becomes 1 (salt) or 0
/// (pepper) with probability amount, salt and pepper equally likely.
/// </summary>
/// <param name="amount">The table (default: the reference's); a custom table's entries are single numbers: salt-and-pepper amount, a probability in [0, 1].</param>
public sealed class ImpulseNoise(CorruptionTable<double>? amount = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> Amount = new(
        imageNetC: [0.03, 0.06, 0.09, 0.17, 0.27],
        cifar10C: [0.01, 0.02, 0.03, 0.05, 0.07]);

    private static readonly TableColumn[] Columns = [TableColumn.Unit("amount")];

    private readonly CorruptionTable<double> _amount = amount ?? Amount;

    public string Name => "impulse_noise";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new ImpulseNoise(CorruptionTableJson.Read(table, where, _amount, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var amount = _amount[preset, severity];
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
