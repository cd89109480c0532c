using System.Text.Json;
using System.Numerics.Tensors;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>Disk radius and the sigma of the Gaussian that anti-aliases the disk.</summary>
public readonly record struct DefocusParameters(double Radius, double AliasSigma);

/// <summary>
/// defocus_blur: every channel correlated (cv2.filter2D, BORDER_REFLECT_101) with an anti-aliased
/// disk, then clipped to [0,1].
/// </summary>
/// <remarks>A custom table's entries are [radius, alias sigma]: radius above 0, alias sigma above 0.</remarks>
public sealed class DefocusBlur : ITunableCorruption
{
    public static CorruptionTable<DefocusParameters> Parameters { get; } = new(
        imageNetC: [new(3, 0.1), new(4, 0.5), new(6, 0.5), new(8, 0.5), new(10, 0.5)],
        cifar10C: [new(0.3, 0.4), new(0.4, 0.5), new(0.5, 0.6), new(1, 0.2), new(1.5, 0.1)]);

    private static readonly TableColumn[] Columns = [TableColumn.Positive("radius"), TableColumn.Positive("alias sigma")];

    private readonly CorruptionTable<DefocusParameters> _parameters;

    // The ten disks never change: built once per instance, read concurrently.
    private readonly PlaneCorrelation[] _imageNetC;
    private readonly PlaneCorrelation[] _cifar10C;

    /// <param name="parameters">The table; <see cref="Parameters"/> (the reference's) by default.</param>
    public DefocusBlur(CorruptionTable<DefocusParameters>? parameters = null)
    {
        _parameters = parameters ?? Parameters;
        _imageNetC = [.. _parameters.ImageNetC.Select(Build)];
        _cifar10C = [.. _parameters.Cifar10C.Select(Build)];
    }

    public string Name => "defocus_blur";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new DefocusBlur(CorruptionTableJson.Read(table, where, _parameters, Columns, r => new DefocusParameters(r[0], r[1])));

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
