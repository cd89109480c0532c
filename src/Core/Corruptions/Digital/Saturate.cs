using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>saturate: S * multiply + add in skimage's HSV (clipped to [0,1]) and back; severities 1-2 desaturate.</summary>
public sealed class Saturate : ICorruption
{
    internal static readonly CorruptionTable<(double Multiply, double Add)> SaturationChange = new(
        imageNetC: [(0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (20, 0.2)],
        cifar10C: [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)]);

    public string Name => "saturate";

    public bool UsesRandomness => false;

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var (multiply, add) = SaturationChange[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        SkimageHsv.Transform(image, shape, destination, new ScaleSaturation(multiply, add));
    }

    private readonly struct ScaleSaturation(double multiply, double add) : IHsvAdjustment
    {
        public void Adjust(ref double saturation, ref double value) => saturation = Math.Clamp((saturation * multiply) + add, 0, 1);
    }
}
