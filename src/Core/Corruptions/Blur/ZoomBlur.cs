using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>Zoom factors numpy.arange(1, End, Step).</summary>
public readonly record struct ZoomParameters(double End, double Step)
{
    /// <summary>
    /// The factors exactly as numpy.arange makes them: ceil((end - 1) / step) values 1 + i delta with
    /// delta = (1 + step) - 1, so 1.11 / .01 gives twelve factors, 1.11 included.
    /// </summary>
    public ImmutableArray<double> Factors()
    {
        var count = (int)Math.Ceiling((End - 1.0) / Step);
        var second = 1.0 + Step;
        var delta = second - 1.0;
        var factors = ImmutableArray.CreateBuilder<double>(count);
        for (var i = 0; i < count; i++)
        {
            factors.Add(i == 1 ? second : 1.0 + (i * delta));
        }

        return factors.MoveToImmutable();
    }
}

/// <summary>zoom_blur: the mean of the image and its clipped zooms at every factor.</summary>
/// <param name="parameters">
/// The table (default: <see cref="Parameters"/>); a custom table's entries are [end, step]: end in
/// [1, 4] (1: no zoom), step above 0, at most 1000 factors.
/// </param>
public sealed class ZoomBlur(CorruptionTable<ZoomParameters>? parameters = null) : ITunableCorruption
{
    public static CorruptionTable<ZoomParameters> Parameters { get; } = new(
        imageNetC: [new(1.11, 0.01), new(1.16, 0.01), new(1.21, 0.02), new(1.26, 0.02), new(1.31, 0.03)],
        cifar10C: [new(1.06, 0.01), new(1.11, 0.01), new(1.16, 0.01), new(1.21, 0.01), new(1.26, 0.01)]);

    // The cost is one zoom per factor, so the factor count is capped below.
    private static readonly TableColumn[] Columns = [new TableColumn("end", Min: 1, Max: 4), TableColumn.Positive("step")];

    private const int MaxFactors = 1000;

    private readonly CorruptionTable<ZoomParameters> _parameters = parameters ?? Parameters;

    // The zooms' interpolation tables depend on the image size only: built once per size and factor.
    private readonly ClippedZoomCache _zooms = new();

    // The factors of every severity, made once (per image they were an allocation each).
    private readonly ImmutableArray<double>[] _imageNetC = [.. (parameters ?? Parameters).ImageNetC.Select(p => p.Factors())];
    private readonly ImmutableArray<double>[] _cifar10C = [.. (parameters ?? Parameters).Cifar10C.Select(p => p.Factors())];

    public string Name => "zoom_blur";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where)
    {
        var read = CorruptionTableJson.Read(table, where, _parameters, Columns, r => new ZoomParameters(r[0], r[1]));
        if (read.ImageNetC.Concat(read.Cifar10C).Any(p => (p.End - 1.0) / p.Step > MaxFactors))
        {
            throw new CloudFreqException($"{where}: (end - 1) / step must be at most {MaxFactors} zoom factors.");
        }

        return new ZoomBlur(read);
    }

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, severity, random, destination);
        _ = _parameters[preset, severity];
        var factors = (preset == CorruptionPreset.Cifar10C ? _cifar10C : _imageNetC)[severity - 1];
        var plane = shape.Height * shape.Width;

        // Zooms are summed first and the image added last, the reference's float32 order.
        destination.Clear();
        foreach (var factor in factors)
        {
            var zoom = _zooms.Get(shape.Height, shape.Width, factor);
            for (var c = 0; c < shape.Channels; c++)
            {
                zoom.AddTo(image.Slice(c * plane, plane), destination.Slice(c * plane, plane));
            }
        }

        MeanAndClip(destination, image, factors.Length + 1);
    }

    /// <summary>
    /// destination = clip((destination + image) / count, 0, 1) in one pass: the Add, Divide, Max and
    /// Min passes it replaces, lane by lane (Vector256.Max/Min have their NaN and signed-zero semantics).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MeanAndClip(Span<float> destination, ReadOnlySpan<float> image, int count)
    {
        var i = 0;
        var divisor = (float)count;
        if (Vector256.IsHardwareAccelerated && image.Length >= destination.Length)
        {
            var by = Vector256.Create(divisor);
            for (; i <= destination.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var mean = (Vector256.Create(destination[i..]) + Vector256.Create(image[i..])) / by;
                Vector256.Min(Vector256.Max(mean, Vector256<float>.Zero), Vector256<float>.One).CopyTo(destination[i..]);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = Math.Min(Math.Max((destination[i] + image[i]) / divisor, 0f), 1f);
        }
    }
}
