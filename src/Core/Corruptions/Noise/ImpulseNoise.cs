using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using CloudFreq.Core.Corruptions.Digital;
using CloudFreq.Core.Corruptions.Draws;
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
        // The draws (one per value, in order) go through a stack buffer so the choice vectorizes.
        var saltBelow = amount * 0.5;
        Span<double> draws = stackalloc double[NoiseChunks.Length];
        for (var start = 0; start < image.Length; start += draws.Length)
        {
            var count = Math.Min(draws.Length, image.Length - start);
            SeededDraws.Fill(random, draws[..count]);

            Choose(image.Slice(start, count), draws[..count], saltBelow, amount, destination.Slice(start, count));
        }
    }

    /// <summary>destination = u &lt; saltBelow ? 1 : u &lt; amount ? 0 : clip(x, 0, 1), eight values at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Choose(ReadOnlySpan<float> image, ReadOnlySpan<double> draws, double saltBelow, double amount, Span<float> destination)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (salt, pepper) = (Vector256.Create(saltBelow), Vector256.Create(amount));
            for (; i <= image.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (low, high) = (Vector256.Create(draws.Slice(i, 4)), Vector256.Create(draws.Slice(i + 4, 4)));

                // The double comparisons' 64-bit masks narrowed to the floats' 32-bit lanes.
                var isSalt = Vector256.Narrow(Vector256.LessThan(low, salt).AsInt64(), Vector256.LessThan(high, salt).AsInt64()).AsSingle();
                var isPepper = Vector256.Narrow(Vector256.LessThan(low, pepper).AsInt64(), Vector256.LessThan(high, pepper).AsInt64()).AsSingle();

                // Math.Clamp's selects: NaN and -0 pass through.
                var x = Vector256.Create(image.Slice(i, Vector256<float>.Count));
                var clipped = Vector256.ConditionalSelect(
                    Vector256.LessThan(x, Vector256<float>.Zero),
                    Vector256<float>.Zero,
                    Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.One), Vector256<float>.One, x));
                Vector256.ConditionalSelect(isSalt, Vector256<float>.One, Vector256.ConditionalSelect(isPepper, Vector256<float>.Zero, clipped))
                    .CopyTo(destination[i..]);
            }
        }

        for (; i < image.Length; i++)
        {
            var u = draws[i];
            destination[i] = u < saltBelow ? 1f : u < amount ? 0f : Math.Clamp(image[i], 0f, 1f);
        }
    }
}
