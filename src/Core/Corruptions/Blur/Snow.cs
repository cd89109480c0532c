using System.Text.Json;
using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CloudFreq.Core.Corruptions.Draws;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>
/// Snow layer: normal mean and sd, clipped-zoom factor, threshold below which there is no snow,
/// ImageMagick motion-blur radius and sigma, and the weight of the image against its whitened copy.
/// </summary>
public readonly record struct SnowParameters(
    double Mean, double StandardDeviation, double Zoom, double Threshold, double BlurRadius, double BlurSigma, double ImageWeight);

/// <summary>
/// snow: a thresholded, zoomed Gaussian noise layer stored as uint8, streaked by ImageMagick's motion
/// blur at an angle from [-135, -45) degrees, added twice (as is and turned 180 degrees) to the
/// image blended with its whitened copy max(x, 1.5 gray + 0.5).
/// </summary>
/// <param name="parameters">
/// The table (default: <see cref="Parameters"/>); a custom table's entries are the 7 numbers [mean,
/// sd, zoom, threshold, blur radius, blur sigma, blend]: sd at least 0, zoom at least 1, blur radius
/// above 0, blur sigma at least 0, blend (the image weight) in [0, 1].
/// </param>
public sealed class Snow(CorruptionTable<SnowParameters>? parameters = null) : ITunableCorruption
{
    public static CorruptionTable<SnowParameters> Parameters { get; } = new(
        imageNetC:
        [
            new(0.1, 0.3, 3, 0.5, 10, 4, 0.8),
            new(0.2, 0.3, 2, 0.5, 12, 4, 0.7),
            new(0.55, 0.3, 4, 0.9, 12, 8, 0.7),
            new(0.55, 0.3, 4.5, 0.85, 12, 8, 0.65),
            new(0.55, 0.3, 2.5, 0.85, 12, 12, 0.55),
        ],
        cifar10C:
        [
            new(0.1, 0.2, 1, 0.6, 8, 3, 0.95),
            new(0.1, 0.2, 1, 0.5, 10, 4, 0.9),
            new(0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
            new(0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
            new(0.3, 0.3, 1.25, 0.65, 14, 12, 0.8),
        ]);

    private static readonly TableColumn[] Columns =
    [
        new TableColumn("mean"),
        TableColumn.NonNegative("sd"),
        new TableColumn("zoom", Min: 1),
        new TableColumn("threshold"),
        TableColumn.Positive("blur radius"),
        TableColumn.NonNegative("blur sigma"),
        TableColumn.Unit("blend"),
    ];

    private readonly CorruptionTable<SnowParameters> _parameters = parameters ?? Parameters;
    private readonly MotionBlurKernel[] _imageNetC = [.. (parameters ?? Parameters).ImageNetC.Select(p => new MotionBlurKernel(p.BlurRadius, p.BlurSigma))];
    private readonly MotionBlurKernel[] _cifar10C = [.. (parameters ?? Parameters).Cifar10C.Select(p => new MotionBlurKernel(p.BlurRadius, p.BlurSigma))];

    // The zoom's interpolation tables depend on the image size only: built once per size and factor.
    private readonly ClippedZoomCache _zooms = new();

    public string Name => "snow";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new Snow(CorruptionTableJson.Read(table, where, _parameters, Columns, r => new SnowParameters(r[0], r[1], r[2], r[3], r[4], r[5], r[6])));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, severity, random, destination);
        var parameters = _parameters[preset, severity];
        var kernel = (preset == CorruptionPreset.Cifar10C ? _cifar10C : _imageNetC)[severity - 1];
        var plane = shape.Height * shape.Width;

        var buffer = ArrayPool<float>.Shared.Rent(3 * plane);
        try
        {
            var noise = buffer.AsSpan(0, plane);
            var flakes = buffer.AsSpan(plane, plane);
            var streaks = buffer.AsSpan(2 * plane, plane);

            // Draw order of the reference: the whole normal layer, then the angle. A seeded Random's
            // draws run inline (most of the cost was the 2.5 virtual NextDouble calls per pixel).
            if (CompatRandom.TryBorrow(random, out var draws))
            {
                PolarNormal.Fill(ref draws, noise, parameters.Mean, parameters.StandardDeviation);
                draws.Return(random);
            }
            else
            {
                var fallback = new SystemRandomDraws(random);
                PolarNormal.Fill(ref fallback, noise, parameters.Mean, parameters.StandardDeviation);
            }

            var angle = -135.0 + (random.NextDouble() * 90.0);

            _zooms.Get(shape.Height, shape.Width, parameters.Zoom).Apply(noise, flakes);
            foreach (ref var value in flakes)
            {
                // Below the threshold there is no snow; the layer then goes through a uint8 (truncating) PNG.
                value = value < parameters.Threshold ? 0f : MathF.Floor(Math.Clamp(value, 0f, 1f) * 255f) / 255f;
            }

            kernel.Apply(flakes, shape.Height, shape.Width, angle, streaks);
            MotionBlurKernel.ToPngLevels(streaks);

            // Snow falls both ways: the layer plus the layer turned 180 degrees (a reversed plane).
            streaks.CopyTo(flakes);
            flakes.Reverse();
            TensorPrimitives.Add(streaks, flakes, streaks);

            Compose(image, streaks, plane, (float)parameters.ImageWeight, destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// clip(w x + (1 - w) max(x, 1.5 gray + 0.5) + streaks, 0, 1), gray with cv2's RGB2GRAY weights,
    /// in one pass: per lane the same float operations in the same order as the TensorPrimitives
    /// passes this replaces (Multiply, MultiplyAdd unfused, Max and Min with Math.Max/Min semantics).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compose(ReadOnlySpan<float> image, ReadOnlySpan<float> streaks, int plane, float imageWeight, Span<float> destination)
    {
        var red = image[..plane];
        var green = image.Slice(plane, plane);
        var blue = image.Slice(2 * plane, plane);
        var outRed = destination[..plane];
        var outGreen = destination.Slice(plane, plane);
        var outBlue = destination.Slice(2 * plane, plane);
        var whiteWeight = 1f - imageWeight;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (w, white) = (Vector256.Create(imageWeight), Vector256.Create(whiteWeight));
            for (; i <= plane - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (r, g, b) = (Vector256.Create(red[i..]), Vector256.Create(green[i..]), Vector256.Create(blue[i..]));
                var gray = (b * 0.114f) + ((g * 0.587f) + (r * 0.299f));
                var whitened = (gray * 1.5f) + Vector256.Create(0.5f);
                var streak = Vector256.Create(streaks[i..]);
                Mix(r, whitened, w, white, streak).CopyTo(outRed[i..]);
                Mix(g, whitened, w, white, streak).CopyTo(outGreen[i..]);
                Mix(b, whitened, w, white, streak).CopyTo(outBlue[i..]);
            }
        }

        for (; i < plane; i++)
        {
            var gray = (blue[i] * 0.114f) + ((green[i] * 0.587f) + (red[i] * 0.299f));
            var whitened = (gray * 1.5f) + 0.5f;
            outRed[i] = MixOne(red[i], whitened, imageWeight, whiteWeight, streaks[i]);
            outGreen[i] = MixOne(green[i], whitened, imageWeight, whiteWeight, streaks[i]);
            outBlue[i] = MixOne(blue[i], whitened, imageWeight, whiteWeight, streaks[i]);
        }

        static Vector256<float> Mix(Vector256<float> x, Vector256<float> whitened, Vector256<float> w, Vector256<float> white, Vector256<float> streak)
        {
            var value = (x * w) + (Vector256.Max(x, whitened) * white) + streak;
            return Vector256.Min(Vector256.Max(value, Vector256<float>.Zero), Vector256<float>.One);
        }

        static float MixOne(float x, float whitened, float w, float white, float streak)
        {
            var value = (x * w) + (Math.Max(x, whitened) * white) + streak;
            return Math.Min(Math.Max(value, 0f), 1f);
        }
    }
}
