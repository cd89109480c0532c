using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Analyses;

/// <summary>Parameters of the Fourier heat map (DESIGN.md section 4).</summary>
/// <param name="Images">Use at most this many images of each dataset.</param>
/// <param name="V">L2 norm of the perturbation per channel; null for the size-dependent default (<see cref="ResolveV"/>).</param>
/// <param name="Window">Odd side of the window of frequencies around DC; null for the size-dependent default (<see cref="ResolveWindow"/>).</param>
/// <param name="BlockSize">Basis images per work item (each item evaluates its images under every basis image of its block).</param>
public sealed record FourierHeatmapOptions(int Images, double? V, int? Window, int BlockSize)
{
    /// <summary>Images up to this side (CIFAR, MNIST) get the small-image defaults.</summary>
    public const int SmallImageMaxSide = 64;

    /// <summary>Yin et al.'s norm for CIFAR-10.</summary>
    public const double SmallImageV = 4.0;

    /// <summary>Yin et al.'s norm for ImageNet.</summary>
    public const double LargeImageV = 15.7;

    /// <summary>The window of larger images: the central 63 x 63 frequencies.</summary>
    public const int LargeImageWindow = 63;

    public const int DefaultBlockSize = 64;

    public const string Auto = "auto";

    public static FourierHeatmapOptions Default { get; } = new(int.MaxValue, null, null, DefaultBlockSize);

    /// <summary>
    /// One basis image per Hermitian pair, its map mirrored (the analysis's path). False evaluates every cell of the
    /// window on its own, with the textbook basis Re(IDFT(one-hot)) normalized: twice the work, for tests only.
    /// </summary>
    internal bool MirrorHalfPlane { get; init; } = true;

    /// <summary>v for images of <paramref name="shape"/>: as given, or 4.0 up to 64 px and 15.7 above.</summary>
    public double ResolveV(ImageShape shape) =>
        V ?? (Math.Max(shape.Height, shape.Width) <= SmallImageMaxSide ? SmallImageV : LargeImageV);

    /// <summary>The window for images of <paramref name="shape"/>: as given, or every frequency up to 64 px and 63 above.</summary>
    public int ResolveWindow(ImageShape shape)
    {
        if (Window is { } window)
        {
            return window;
        }

        var side = Math.Max(shape.Height, shape.Width);
        return side <= SmallImageMaxSide ? (side % 2 == 0 ? side + 1 : side) : LargeImageWindow;
    }

    public JsonObject ToJson() => new()
    {
        ["images"] = Images == int.MaxValue ? null : Images,
        ["v"] = V is { } v ? JsonValue.Create(v) : JsonValue.Create(Auto),
        ["window"] = Window is { } w ? JsonValue.Create(w) : JsonValue.Create(Auto),
        ["block_size"] = BlockSize,
    };

    public static FourierHeatmapOptions From(AnalysisParameters parameters)
    {
        var options = new FourierHeatmapOptions(
            parameters.GetInt("images", int.MaxValue, min: 1),
            ReadV(parameters),
            ReadWindow(parameters),
            parameters.GetInt("block_size", DefaultBlockSize, min: 1));
        parameters.RejectUnknown();
        return options;
    }

    private static double? ReadV(AnalysisParameters parameters)
    {
        if (!parameters.TryGetElement("v", out var value) || IsAuto(value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is var v && v > 0 && double.IsFinite(v)
            ? v
            : throw new CloudFreqException($"{parameters.Where}: field 'v' must be \"auto\" or a positive number (the L2 norm of the perturbation per channel).");
    }

    private static int? ReadWindow(AnalysisParameters parameters)
    {
        if (!parameters.TryGetElement("window", out var value) || IsAuto(value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var window) && window >= 1 && window % 2 == 1
            ? window
            : throw new CloudFreqException(string.Create(
                CultureInfo.InvariantCulture,
                $"{parameters.Where}: field 'window' must be \"auto\" or an odd positive integer (the side of the window of frequencies around DC)."));
    }

    private static bool IsAuto(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() == Auto;
}
