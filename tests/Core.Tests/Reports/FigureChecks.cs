using System.Globalization;
using CloudFreq.Core.Reports;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Reports;

/// <summary>Shared checks of the robustness figure tests: lookups, decoding and pixel counts.</summary>
internal static class FigureChecks
{
    public static readonly SKColor Blue = new(0x00, 0x72, 0xB2);
    public static readonly SKColor Vermillion = new(0xD5, 0x5E, 0x00);
    public static readonly SKColor NotMeasuredGrey = new(0xE4, 0xE4, 0xE4);

    public static ReportFigure Figure(IReadOnlyList<ReportFigure> figures, string id)
    {
        var matches = figures.Where(figure => figure.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected one figure '{id}', got [{string.Join(", ", figures.Select(figure => figure.Id))}]");
        return matches[0];
    }

    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Asserts the PNG decodes at the figure's declared size and returns the bitmap.</summary>
    public static SKBitmap Decode(ReportFigure figure)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], figure.Png.Take(4));
        var bitmap = SKBitmap.Decode(figure.Png);
        Assert.NotNull(bitmap);
        Assert.Equal((figure.Width, figure.Height), (bitmap.Width, bitmap.Height));
        return bitmap;
    }

    public static int CountPixels(SKBitmap bitmap, SKColor color)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (bitmap.GetPixel(x, y) == color)
                {
                    count++;
                }
            }
        }

        return count;
    }

    public static SKColor Viridis(double position)
    {
        var color = new ScottPlot.Colormaps.Viridis().GetColor(position);
        return new SKColor(color.R, color.G, color.B);
    }

    /// <summary>The HTML of the figure section with <paramref name="sectionId"/>.</summary>
    public static string Section(string html, string sectionId)
    {
        var start = html.IndexOf("<section id=\"" + sectionId + "\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {sectionId}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }
}
