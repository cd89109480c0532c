using System.Globalization;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Data;
using SkiaSharp;

namespace CloudFreq.Cli.Commands;

/// <summary>Corrupts every image of a dataset and writes it as an image file in an ImageFolder layout.</summary>
internal sealed class CorruptedImageWriter(string root, IImageDataset dataset, SKEncodedImageFormat format, int quality)
{
    public string Root { get; } = root;

    /// <returns>The number of images written.</returns>
    public int Write(ICorruption corruption, int severity, CorruptionPreset preset, long seed, bool quantize, bool jpegStep, CancellationToken cancellationToken)
    {
        var shape = dataset.Shape;
        int? jpeg = jpegStep && preset == CorruptionPreset.ImageNetC ? CorruptionApplier.ImageNetCJpegQuality : null;
        var severityText = severity.ToString(CultureInfo.InvariantCulture);
        var folder = Path.Combine(Root, corruption.Name, severityText);
        var written = 0;
        Parallel.For(
            0,
            dataset.Entries.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => (Applier: new CorruptionApplier(shape), Image: new float[shape.Length], Output: new float[shape.Length]),
            (i, _, local) =>
            {
                var entry = dataset.Entries[i];
                try
                {
                    dataset.Load(i, local.Image);
                }
                catch (ImageLoadException)
                {
                    return local; // unreadable images are skipped, as in an evaluation
                }

                local.Applier.Apply(corruption, local.Image, severity, preset, SeedDerivation.CreateRandom(seed, entry.Id, corruption.Name, severityText), quantize, jpeg, local.Output);
                var className = entry.Label < dataset.ClassNames.Count ? dataset.ClassNames[entry.Label] : entry.Label.ToString(CultureInfo.InvariantCulture);
                var path = Path.Combine(folder, Safe(className), Safe(Stem(entry.Id)) + (format == SKEncodedImageFormat.Png ? ".png" : ".jpg"));
                Save(local.Output, path);
                Interlocked.Increment(ref written);
                return local;
            },
            _ => { });
        return written;
    }

    private void Save(float[] image, string path)
    {
        var shape = dataset.Shape;
        var plane = shape.Height * shape.Width;
        using var bitmap = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                var value = image[((shape.Channels == 3 ? c : 0) * plane) + p];
                pixels[(p * 4) + c] = (byte)MathF.Round(Math.Clamp(value, 0f, 1f) * 255f);
            }

            pixels[(p * 4) + 3] = 255;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var data = bitmap.Encode(format, quality);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    // Record ids (file#index) keep their index; file ids drop their image extension.
    private static string Stem(string id) => id.Contains('#', StringComparison.Ordinal) ? id : Path.ChangeExtension(id, null);

    // Ids hold '/' (folders) and '#' (records); keep one flat, readable file name.
    private static string Safe(string name)
    {
        var chars = name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray();
        return new string(chars).Trim('.');
    }
}
