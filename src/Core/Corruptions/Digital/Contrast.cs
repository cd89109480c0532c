using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>contrast: (x - m) * factor + m with m each channel's mean, clipped to [0,1].</summary>
/// <param name="factor">The table (default: the reference's); a custom table's entries are single numbers: contrast factor around the channel mean, at least 0 (1 keeps the image).</param>
public sealed class Contrast(CorruptionTable<double>? factor = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<double> Factor = new(
        imageNetC: [0.4, 0.3, 0.2, 0.1, 0.05],
        cifar10C: [0.75, 0.5, 0.4, 0.3, 0.15]);

    private static readonly TableColumn[] Columns = [TableColumn.NonNegative("factor")];

    private readonly CorruptionTable<double> _factor = factor ?? Factor;

    public string Name => "contrast";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Contrast(CorruptionTableJson.Read(table, where, _factor, Columns, r => r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var factor = _factor[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);

        var plane = shape.Height * shape.Width;
        for (var c = 0; c < shape.Channels; c++)
        {
            var input = image.Slice(c * plane, plane);
            var output = destination.Slice(c * plane, plane);

            // float64 as numpy, so that values near a level truncate alike.
            var mean = Sum(input) / plane;
            Stretch(input, mean, factor, output);
        }
    }

    /// <summary>The sum of the values read as numpy holds them, added one by one in order (so the rounding matches).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sum(ReadOnlySpan<float> input)
    {
        double sum = 0;
        var p = 0;
        if (NumpyLevelsVector.IsSupported)
        {
            for (; p <= input.Length - Vector128<float>.Count; p += Vector128<float>.Count)
            {
                var values = NumpyLevelsVector.Read(Vector128.Create(input.Slice(p, Vector128<float>.Count)));
                sum += values[0];
                sum += values[1];
                sum += values[2];
                sum += values[3];
            }
        }

        for (; p < input.Length; p++)
        {
            sum += NumpyLevels.Read(input[p]);
        }

        return sum;
    }

    /// <summary>output = (x - mean) * factor + mean, in float64, written back as numpy's uint8 levels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Stretch(ReadOnlySpan<float> input, double mean, double factor, Span<float> output)
    {
        var p = 0;
        if (NumpyLevelsVector.IsSupported)
        {
            var means = Vector256.Create(mean);
            for (; p <= input.Length - Vector128<float>.Count; p += Vector128<float>.Count)
            {
                var values = NumpyLevelsVector.Read(Vector128.Create(input.Slice(p, Vector128<float>.Count)));
                NumpyLevelsVector.Write(((values - means) * factor) + means).CopyTo(output[p..]);
            }
        }

        for (; p < input.Length; p++)
        {
            output[p] = NumpyLevels.Write(((NumpyLevels.Read(input[p]) - mean) * factor) + mean);
        }
    }
}
