using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>contrast: (x - m) * factor + m with m each channel's mean, clipped to [0,1].</summary>
public sealed class Contrast : ICorruption
{
    internal static readonly CorruptionTable<double> Factor = new(
        imageNetC: [0.4, 0.3, 0.2, 0.1, 0.05],
        cifar10C: [0.75, 0.5, 0.4, 0.3, 0.15]);

    public string Name => "contrast";

    public bool UsesRandomness => false;

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var factor = Factor[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);

        var plane = shape.Height * shape.Width;
        for (var c = 0; c < shape.Channels; c++)
        {
            var input = image.Slice(c * plane, plane);
            var output = destination.Slice(c * plane, plane);

            // float64 as numpy, so that values near a level truncate alike.
            double sum = 0;
            foreach (var value in input)
            {
                sum += NumpyLevels.Read(value);
            }

            var mean = sum / plane;
            for (var p = 0; p < plane; p++)
            {
                output[p] = NumpyLevels.Write(((NumpyLevels.Read(input[p]) - mean) * factor) + mean);
            }
        }
    }
}
