using CloudFreq.Core.Reports.Fonts;
using SkiaSharp;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Draws labelled thumbnails into one PNG: each image upscaled by a whole factor with nearest
/// neighbour (small 28/32 px images stay crisp, pixels stay exact), centred in equal cells on a
/// white background, its label under it in the bundled font.
/// </summary>
internal sealed class GalleryRenderer(ReportFigureOptions options)
{
    /// <summary>Space around and between cells.</summary>
    public const int Padding = 8;

    /// <summary>Height of the label band under each thumbnail.</summary>
    public const int LabelHeight = 18;

    public const float LabelSize = 12;

    /// <summary>A cell widens to fit its label up to this many pixels; longer labels are cut with an ellipsis.</summary>
    public const int MaxLabelWidth = 180;

    // Neighbouring labels keep at least this much space between them.
    private const int LabelGap = 4;

    /// <summary>The whole-number upscale factor for an image whose longer side is <paramref name="longerSide"/>.</summary>
    public int Scale(int longerSide) =>
        Math.Max(1, (int)Math.Ceiling(options.MinThumbnailPixels / (double)longerSide));

    /// <summary>The gallery as a PNG; <paramref name="columns"/> thumbnails per row, or balanced rows by default (<see cref="Columns"/>).</summary>
    public (byte[] Png, int Width, int Height) Render(IReadOnlyList<GalleryImage> images, int? columns = null)
    {
        using var font = new SKFont(ReportFont.Typeface, LabelSize);

        // Labels such as "elastic_transform" are wider than a 96 px thumbnail: widen the cells rather than cut them.
        var widestLabel = (int)Math.Ceiling(images.Max(image => font.MeasureText(image.Label)));
        var cellWidth = Math.Max(
            images.Max(image => image.Width * Scale(Math.Max(image.Width, image.Height))),
            Math.Min(widestLabel + LabelGap, MaxLabelWidth));
        var cellHeight = images.Max(image => image.Height * Scale(Math.Max(image.Width, image.Height)));
        var perRow = Math.Min(images.Count, columns ?? Columns(images.Count, options.GalleryColumns));
        var rows = (images.Count + perRow - 1) / perRow;
        var width = (perRow * cellWidth) + ((perRow + 1) * Padding);
        var height = (rows * (cellHeight + LabelHeight)) + ((rows + 1) * Padding);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Could not create a {width}x{height} drawing surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var textPaint = new SKPaint { Color = new SKColor(0x1b, 0x1b, 0x1b), IsAntialias = true };
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            var scale = Scale(Math.Max(image.Width, image.Height));
            var cellX = Padding + ((i % perRow) * (cellWidth + Padding));
            var cellY = Padding + ((i / perRow) * (cellHeight + LabelHeight + Padding));
            using var thumbnail = Thumbnail(image, scale);
            canvas.DrawBitmap(
                thumbnail,
                cellX + ((cellWidth - thumbnail.Width) / 2),
                cellY + ((cellHeight - thumbnail.Height) / 2));
            var label = FigureText.Fit(image.Label, font, cellWidth);
            canvas.DrawText(label, cellX + (cellWidth / 2f), cellY + cellHeight + LabelHeight - 4, SKTextAlign.Center, font, textPaint);
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), width, height);
    }

    /// <summary>
    /// Columns for <paramref name="count"/> images at most <paramref name="maxColumns"/> wide: the fewest rows,
    /// each as evenly filled as possible (7 at 6 columns: 4 + 3, not 6 + 1).
    /// </summary>
    public static int Columns(int count, int maxColumns)
    {
        var widest = Math.Max(1, maxColumns);
        var rows = (Math.Max(count, 1) + widest - 1) / widest;
        return (Math.Max(count, 1) + rows - 1) / rows;
    }

    /// <summary>The image upscaled by <paramref name="scale"/>, opaque, one source pixel to a scale x scale block.</summary>
    private static SKBitmap Thumbnail(GalleryImage image, int scale)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width * scale, image.Height * scale, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[bitmap.Width * bitmap.Height * 4];
        var plane = image.Height * image.Width;
        for (var y = 0; y < bitmap.Height; y++)
        {
            var sourceRow = (y / scale) * image.Width;
            for (var x = 0; x < bitmap.Width; x++)
            {
                var source = sourceRow + (x / scale);
                var red = ToByte(image.Chw[source]);
                var green = image.Channels == 3 ? ToByte(image.Chw[plane + source]) : red;
                var blue = image.Channels == 3 ? ToByte(image.Chw[(2 * plane) + source]) : red;
                var offset = ((y * bitmap.Width) + x) * 4;
                pixels[offset] = red;
                pixels[offset + 1] = green;
                pixels[offset + 2] = blue;
                pixels[offset + 3] = 255;
            }
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    private static byte ToByte(float value) =>
        float.IsFinite(value) ? (byte)Math.Round(Math.Clamp(value, 0f, 1f) * 255f, MidpointRounding.AwayFromZero) : (byte)0;
}
