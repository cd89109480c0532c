using SkiaSharp;

namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>One decoded frost texture: 8-bit RGB, interleaved, row-major (height x width x 3).</summary>
internal sealed class FrostTexture
{
    private FrostTexture(int height, int width, byte[] rgb)
    {
        Height = height;
        Width = width;
        Rgb = rgb;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Height * width * 3 levels; never written after construction.</summary>
    public ReadOnlyMemory<byte> Rgb { get; }

    /// <summary>
    /// Decodes a PNG or JPEG. The alpha channel is dropped without compositing, as cv2.imread does,
    /// so the decode asks for unpremultiplied colour.
    /// </summary>
    public static FrostTexture Decode(Stream stream, string name)
    {
        using var codec = SKCodec.Create(stream)
            ?? throw new InvalidDataException($"Frost texture {name}: not a readable image.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidDataException($"Frost texture {name}: decoding failed ({result}).");
        }

        var rgba = bitmap.GetPixelSpan();
        var pixels = info.Width * info.Height;
        var rgb = new byte[pixels * 3];
        for (var p = 0; p < pixels; p++)
        {
            rgb[(p * 3) + 0] = rgba[(p * 4) + 0];
            rgb[(p * 3) + 1] = rgba[(p * 4) + 1];
            rgb[(p * 3) + 2] = rgba[(p * 4) + 2];
        }

        return new FrostTexture(info.Height, info.Width, rgb);
    }

    /// <summary>
    /// cv2.resize(texture, (0, 0), fx=scale, fy=scale) with its default bilinear interpolation:
    /// size rounded, source coordinate (d + 0.5) / scale - 0.5, no anti-aliasing, rounded to uint8.
    /// At the CIFAR scale 0.2 this samples every fifth pixel exactly.
    /// </summary>
    public FrostTexture Scaled(double scale)
    {
        var height = (int)Math.Round(Height * scale);
        var width = (int)Math.Round(Width * scale);
        var source = Rgb.Span;
        var rgb = new byte[height * width * 3];
        for (var y = 0; y < height; y++)
        {
            var (y0, y1, fy) = BilinearTap(y, scale, Height);
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, fx) = BilinearTap(x, scale, Width);
                for (var c = 0; c < 3; c++)
                {
                    var top = ((1 - fx) * source[(((y0 * Width) + x0) * 3) + c]) + (fx * source[(((y0 * Width) + x1) * 3) + c]);
                    var bottom = ((1 - fx) * source[(((y1 * Width) + x0) * 3) + c]) + (fx * source[(((y1 * Width) + x1) * 3) + c]);
                    rgb[(((y * width) + x) * 3) + c] = (byte)Math.Clamp(Math.Round(((1 - fy) * top) + (fy * bottom)), 0, 255);
                }
            }
        }

        return new FrostTexture(height, width, rgb);
    }

    private static (int Low, int High, double Fraction) BilinearTap(int destination, double scale, int sourceLength)
    {
        var position = ((destination + 0.5) / scale) - 0.5;
        var low = (int)Math.Floor(position);
        var fraction = position - low;
        if (low < 0)
        {
            return (0, 0, 0);
        }

        return low >= sourceLength - 1 ? (sourceLength - 1, sourceLength - 1, 0) : (low, low + 1, fraction);
    }
}
