using System.Text.Json;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Imaging;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Corruptions;

/// <summary>One output of the reference generators (../shared/reference/corruptions/index.json).</summary>
public sealed record ReferenceItem(string File, string Clean, string Preset, string Corruption, int Severity)
{
    public CorruptionPreset PresetValue => Preset == "cifar10-c" ? CorruptionPreset.Cifar10C : CorruptionPreset.ImageNetC;
}

/// <summary>
/// Reads the reference generators' outputs and compares CloudFreq's corruptions with them: the
/// shared base of every corruption parity test.
/// </summary>
public static class ReferenceCorruptions
{
    private static readonly Lazy<IReadOnlyList<ReferenceItem>> AllItems = new(Load);

    public static string Folder => SharedData.Path("reference", "corruptions");

    public static IReadOnlyList<ReferenceItem> Items(string corruption) =>
        [.. AllItems.Value.Where(i => i.Corruption == corruption)];

    /// <summary>A reference PNG as planar RGB floats in [0,1] (exact levels / 255).</summary>
    public static (float[] Pixels, ImageShape Shape) LoadPng(string file)
    {
        using var bitmap = SKBitmap.Decode(Path.Combine(Folder, file))
            ?? throw new InvalidDataException($"{file}: not a readable PNG");
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        var shape = new ImageShape(3, rgba.Height, rgba.Width);
        var pixels = new float[shape.Length];
        var plane = rgba.Width * rgba.Height;
        var bytes = rgba.GetPixelSpan();
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                pixels[(c * plane) + p] = bytes[(p * 4) + c] / 255f;
            }
        }

        return (pixels, shape);
    }

    /// <summary>Runs <paramref name="corruption"/> on the item's clean image and quantizes as the generators do.</summary>
    public static float[] Corrupt(ICorruption corruption, ReferenceItem item, int seed = 0)
    {
        var (clean, shape) = LoadPng(item.Clean);
        var output = new float[clean.Length];
        corruption.Apply(clean, shape, item.Severity, item.PresetValue, new Random(seed), output);
        CorruptionOutput.Quantize(output);
        return output;
    }

    /// <summary>Mean and 99th percentile of |a - b| in uint8 levels.</summary>
    public static (double Mean, double P99) Difference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var diffs = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            diffs[i] = Math.Abs(Math.Round(a[i] * 255) - Math.Round(b[i] * 255));
        }

        Array.Sort(diffs);
        return (diffs.Average(), diffs[(int)Math.Min(diffs.Length - 1, Math.Ceiling(0.99 * diffs.Length) - 1)]);
    }

    /// <summary>
    /// Statistics of (corrupted - clean) in uint8 levels: mean, standard deviation and share of
    /// changed pixels, for corruptions whose randomness cannot match the reference pixel for pixel.
    /// </summary>
    public static (double Mean, double Std, double Changed) DeltaStatistics(ReadOnlySpan<float> corrupted, ReadOnlySpan<float> clean)
    {
        double sum = 0, sumSquares = 0;
        var changed = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            var d = Math.Round(corrupted[i] * 255) - Math.Round(clean[i] * 255);
            sum += d;
            sumSquares += d * d;
            changed += d != 0 ? 1 : 0;
        }

        var mean = sum / clean.Length;
        return (mean, Math.Sqrt(Math.Max(0, (sumSquares / clean.Length) - (mean * mean))), (double)changed / clean.Length);
    }

    private static IReadOnlyList<ReferenceItem> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "index.json")));
        return [.. document.RootElement.GetProperty("items").EnumerateArray().Select(e => new ReferenceItem(
            e.GetProperty("file").GetString()!,
            e.GetProperty("clean").GetString()!,
            e.GetProperty("preset").GetString()!,
            e.GetProperty("corruption").GetString()!,
            e.GetProperty("severity").GetInt32()))];
    }
}
