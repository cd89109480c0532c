using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>brightness: adds a constant to V in skimage's HSV (clipped to [0,1]) and converts back.</summary>
public sealed class Brightness : ICorruption
{
    internal static readonly CorruptionTable<double> ValueShift = new(
        imageNetC: [0.1, 0.2, 0.3, 0.4, 0.5],
        cifar10C: [0.05, 0.1, 0.15, 0.2, 0.3]);

    public string Name => "brightness";

    public bool UsesRandomness => false;

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var shift = ValueShift[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);
        SkimageHsv.Transform(image, shape, destination, new ShiftValue(shift));
    }

    private readonly struct ShiftValue(double shift) : IHsvAdjustment
    {
        public void Adjust(ref double saturation, ref double value) => value = Math.Clamp(value + shift, 0, 1);
    }
}
