using System.Numerics.Tensors;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>Disk radius and the sigma of the Gaussian that anti-aliases the disk.</summary>
public readonly record struct DefocusParameters(double Radius, double AliasSigma);

/// <summary>
/// defocus_blur: every channel correlated (cv2.filter2D, BORDER_REFLECT_101) with an anti-aliased
/// disk, then clipped to [0,1].
/// </summary>
public sealed class DefocusBlur : ICorruption
{
    public static CorruptionTable<DefocusParameters> Parameters { get; } = new(
        imageNetC: [new(3, 0.1), new(4, 0.5), new(6, 0.5), new(8, 0.5), new(10, 0.5)],
        cifar10C: [new(0.3, 0.4), new(0.4, 0.5), new(0.5, 0.6), new(1, 0.2), new(1.5, 0.1)]);

    // The ten disks never change: built once per instance, read concurrently.
    private readonly PlaneCorrelation[] _imageNetC;
    private readonly PlaneCorrelation[] _cifar10C;

    public DefocusBlur()
    {
        _imageNetC = [.. Parameters.ImageNetC.Select(Build)];
        _cifar10C = [.. Parameters.Cifar10C.Select(Build)];
    }

    public string Name => "defocus_blur";

    public bool UsesRandomness => false;

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, severity, random, destination);
        var filter = (preset == CorruptionPreset.Cifar10C ? _cifar10C : _imageNetC)[severity - 1];
        var plane = shape.Height * shape.Width;
        for (var c = 0; c < shape.Channels; c++)
        {
            filter.Apply(image.Slice(c * plane, plane), shape.Height, shape.Width, destination.Slice(c * plane, plane));
        }

        SpanClip.Clip(destination, 0f, 1f);
    }

    internal static DefocusKernel Kernel(CorruptionPreset preset, int severity)
    {
        var parameters = Parameters[preset, severity];
        return new DefocusKernel(parameters.Radius, parameters.AliasSigma);
    }

    private static PlaneCorrelation Build(DefocusParameters parameters)
    {
        var kernel = new DefocusKernel(parameters.Radius, parameters.AliasSigma);
        return new PlaneCorrelation(kernel.Weights, kernel.Size, BorderMode.Reflect101);
    }
}
