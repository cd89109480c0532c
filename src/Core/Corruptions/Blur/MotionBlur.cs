using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>ImageMagick motion-blur radius and sigma.</summary>
public readonly record struct MotionParameters(double Radius, double Sigma);

/// <summary>
/// motion_blur: ImageMagick's one-sided Gaussian line blur (<see cref="MotionBlurKernel"/>) at an
/// angle drawn uniformly from [-45, 45) degrees, on every channel, in the uint8 levels of the
/// PNG that the generators read back.
/// </summary>
/// <param name="parameters">
/// The table (default: <see cref="Parameters"/>); a custom table's entries are [radius, sigma]:
/// radius above 0, sigma at least 0.
/// </param>
public sealed class MotionBlur(CorruptionTable<MotionParameters>? parameters = null) : ITunableCorruption
{
    public static CorruptionTable<MotionParameters> Parameters { get; } = new(
        imageNetC: [new(10, 3), new(15, 5), new(15, 8), new(15, 12), new(20, 15)],
        cifar10C: [new(6, 1), new(6, 1.5), new(6, 2), new(8, 2), new(9, 2.5)]);

    private static readonly TableColumn[] Columns = [TableColumn.Positive("radius"), TableColumn.NonNegative("sigma")];

    private readonly CorruptionTable<MotionParameters> _parameters = parameters ?? Parameters;
    private readonly MotionBlurKernel[] _imageNetC = [.. (parameters ?? Parameters).ImageNetC.Select(p => new MotionBlurKernel(p.Radius, p.Sigma))];
    private readonly MotionBlurKernel[] _cifar10C = [.. (parameters ?? Parameters).Cifar10C.Select(p => new MotionBlurKernel(p.Radius, p.Sigma))];

    public string Name => "motion_blur";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new MotionBlur(CorruptionTableJson.Read(table, where, _parameters, Columns, r => new MotionParameters(r[0], r[1])));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, severity, random, destination);
        var angle = (random.NextDouble() * 90.0) - 45.0;
        ApplyAtAngle(image, shape, severity, preset, angle, destination);
    }

    /// <summary>The corruption at a given angle (degrees): what a random draw selects.</summary>
    internal void ApplyAtAngle(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, double angleDegrees, Span<float> destination)
    {
        var kernel = Kernel(preset, severity);
        var plane = shape.Height * shape.Width;
        for (var c = 0; c < shape.Channels; c++)
        {
            kernel.Apply(image.Slice(c * plane, plane), shape.Height, shape.Width, angleDegrees, destination.Slice(c * plane, plane));
        }

        MotionBlurKernel.ToPngLevels(destination);
    }

    internal MotionBlurKernel Kernel(CorruptionPreset preset, int severity)
    {
        _ = _parameters[preset, severity];
        return (preset == CorruptionPreset.Cifar10C ? _cifar10C : _imageNetC)[severity - 1];
    }
}
