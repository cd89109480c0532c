using System.Text.Json;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CloudFreq.Core.Corruptions.Draws;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Corruptions.Blur;

/// <summary>Gaussian sigma, largest pixel shift and number of shuffling passes.</summary>
public readonly record struct GlassParameters(double Sigma, int MaxShift, int Iterations);

/// <summary>
/// glass_blur: Gaussian blur, truncation to uint8 levels, passes of local pixel moves, and the
/// same Gaussian blur again (the reference generators' order and loops).
/// </summary>
/// <param name="parameters">
/// The table (default: <see cref="Parameters"/>); a custom table's entries are [sigma, max shift,
/// iterations]: sigma at least 0, max shift an integer in [1, 64], iterations an integer in [0, 100].
/// </param>
public sealed class GlassBlur(CorruptionTable<GlassParameters>? parameters = null) : ITunableCorruption
{
    public static CorruptionTable<GlassParameters> Parameters { get; } = new(
        imageNetC: [new(0.7, 1, 2), new(0.9, 2, 1), new(1, 2, 3), new(1.1, 3, 2), new(1.5, 4, 2)],
        cifar10C: [new(0.05, 1, 1), new(0.25, 1, 1), new(0.4, 1, 1), new(0.25, 1, 2), new(0.4, 1, 2)]);

    // Shifts and passes are integers; large ones only waste time (the reference's largest are 4 and 3).
    private static readonly TableColumn[] Columns =
    [
        TableColumn.NonNegative("sigma"),
        new TableColumn("max shift", Min: 1, Max: 64, Integer: true),
        new TableColumn("iterations", Min: 0, Max: 100, Integer: true),
    ];

    private readonly CorruptionTable<GlassParameters> _parameters = parameters ?? Parameters;
    private readonly float[][] _imageNetC = [.. (parameters ?? Parameters).ImageNetC.Select(p => GaussianKernel.Scipy(p.Sigma))];
    private readonly float[][] _cifar10C = [.. (parameters ?? Parameters).Cifar10C.Select(p => GaussianKernel.Scipy(p.Sigma))];

    public string Name => "glass_blur";

    public bool UsesRandomness => true;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new GlassBlur(CorruptionTableJson.Read(table, where, _parameters, Columns, r => new GlassParameters(r[0], (int)r[1], (int)r[2])));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        CorruptionArguments.Validate(image, shape, severity, random, destination);
        var parameters = _parameters[preset, severity];
        var kernel = (preset == CorruptionPreset.Cifar10C ? _cifar10C : _imageNetC)[severity - 1];

        var buffer = ArrayPool<float>.Shared.Rent(shape.Length);
        try
        {
            var shuffled = buffer.AsSpan(0, shape.Length);
            SeparableFilter.ApplyToChannels(image, shape, kernel, BorderMode.Nearest, shuffled);

            // np.uint8(blurred * 255): the swaps move truncated uint8 levels.
            ToLevels(shuffled);

            Shuffle(shuffled, shape, parameters, random);

            SeparableFilter.ApplyToChannels(shuffled, shape, kernel, BorderMode.Nearest, destination);
            SpanClip.Clip(destination, 0f, 1f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// floor(v * 255) clipped to [0, 255], / 255, in place and in one pass: the Multiply, Floor,
    /// Max, Min and Divide passes it replaces, lane by lane (Vector256.Max/Min have the
    /// TensorPrimitives / Math semantics for NaN and signed zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ToLevels(Span<float> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var (top, scale) = (Vector256.Create(255f), Vector256.Create(255f));
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var level = Vector256.Floor(Vector256.Create(values[i..]) * scale);
                (Vector256.Min(Vector256.Max(level, Vector256<float>.Zero), top) / scale).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = Math.Min(Math.Max(MathF.Floor(values[i] * 255f), 0f), 255f) / 255f;
        }
    }

    /// <summary>
    /// The reference's local "swaps": for every interior pixel, visiting rows and columns from the
    /// far edge backwards, a shift is drawn from [-d, d) per axis (numpy's randint excludes the upper
    /// bound; dx before dy). The original writes <c>x[h, w], x[h', w'] = x[h', w'], x[h, w]</c> on
    /// numpy views, which copies the neighbour into (h, w) and leaves the neighbour unchanged (the
    /// second assignment reads the already-overwritten pixel); the reference outputs show exactly
    /// this, so it is reproduced rather than a true swap.
    /// </summary>
    /// <remarks>
    /// Channels never read each other, so each row's shifts are drawn once and then applied channel
    /// by channel: the same copies in the same order within every channel. A seeded Random's draws
    /// run inline (<see cref="CompatRandom"/>); they were most of the cost.
    /// </remarks>
    private static void Shuffle(Span<float> image, ImageShape shape, GlassParameters parameters, Random random)
    {
        var interiorWidth = shape.Width - (2 * parameters.MaxShift);
        if (interiorWidth <= 0 || shape.Height <= 2 * parameters.MaxShift)
        {
            return;
        }

        // Per row: the drawn (dx, dy) pairs, then the offsets they make.
        var buffer = ArrayPool<int>.Shared.Rent(3 * interiorWidth);
        try
        {
            var draws = buffer.AsSpan(0, 2 * interiorWidth);
            var shifts = buffer.AsSpan(2 * interiorWidth, interiorWidth);
            if (CompatRandom.TryBorrow(random, out var compat))
            {
                Shuffle(image, shape, parameters, ref compat, draws, shifts);
                compat.Return(random);
            }
            else
            {
                var fallback = new SystemRandomDraws(random);
                Shuffle(image, shape, parameters, ref fallback, draws, shifts);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Shuffle<TDraws>(Span<float> image, ImageShape shape, GlassParameters parameters, ref TDraws random, Span<int> draws, Span<int> shifts)
        where TDraws : struct, IUniformDraws
    {
        var (d, width) = (parameters.MaxShift, shape.Width);
        var plane = shape.Height * width;
        for (var iteration = 0; iteration < parameters.Iterations; iteration++)
        {
            for (var h = shape.Height - d; h > d; h--)
            {
                // shifts[i] is the offset of the pixel copied into column w = width - d - i (dx drawn before dy).
                random.Fill(-d, d, draws);
                for (var i = 0; i < shifts.Length; i++)
                {
                    shifts[i] = (draws[(2 * i) + 1] * width) + draws[2 * i];
                }

                for (var c = 0; c < shape.Channels; c++)
                {
                    // The row's pixels from column width - d down to d + 1.
                    var row = image.Slice((c * plane) + (h * width) + d + 1, shifts.Length);
                    ref var first = ref MemoryMarshal.GetReference(row);
                    for (var i = 0; i < shifts.Length; i++)
                    {
                        // In bounds: |dx|, |dy| <= d and the pixel is at least d from every edge.
                        var offset = shifts.Length - 1 - i;
                        Unsafe.Add(ref first, offset) = Unsafe.Add(ref first, offset + shifts[i]);
                    }
                }
            }
        }
    }
}
