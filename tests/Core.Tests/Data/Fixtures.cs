using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace CloudFreq.Core.Tests.Data;

/// <summary>Writes small dataset files with known pixel values.</summary>
public static class Fixtures
{
    /// <summary>A deterministic colour pattern; <paramref name="seed"/> tells images apart.</summary>
    public static (byte R, byte G, byte B) Pattern(int x, int y, int seed = 0) =>
        ((byte)((x * 37) + (y * 11) + seed), (byte)((x * 5) + (y * 71) + (seed * 3)), (byte)((x * x) + y + (seed * 13)));

    public static void WriteImage(string path, int width, int height, SKEncodedImageFormat format, int seed = 0, int quality = 100)
    {
        using var bitmap = PatternBitmap(width, height, seed);
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp cannot encode {format}.");
        File.WriteAllBytes(path, data.ToArray());
    }

    public static void WriteWebpLossless(string path, int width, int height, int seed = 0)
    {
        using var bitmap = PatternBitmap(width, height, seed);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100))
            ?? throw new InvalidOperationException("SkiaSharp cannot encode lossless WebP.");
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>A one-channel PNG whose gray level at (x, y) is (x * 20 + y * 3) mod 256.</summary>
    public static void WriteGrayPng(string path, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * bitmap.RowBytes) + x] = (byte)((x * 20) + (y * 3));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>A smooth RGB gradient JPEG: (x * 8, y * 8, 128) at (x, y).</summary>
    public static void WriteGradientJpeg(string path, int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 8), (byte)(y * 8), 128));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>An uncompressed 24-bit BMP (SkiaSharp has no BMP encoder).</summary>
    public static void WriteBmp(string path, int width, int height, int seed = 0)
    {
        var rowSize = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (rowSize * height)];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), rowSize * height);
        for (var y = 0; y < height; y++)
        {
            var row = 54 + ((height - 1 - y) * rowSize); // bottom-up rows
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = Pattern(x, y, seed);
                bytes[row + (3 * x)] = b;
                bytes[row + (3 * x) + 1] = g;
                bytes[row + (3 * x) + 2] = r;
            }
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The value of channel <paramref name="channel"/> at (x, y) in CIFAR fixture record <paramref name="record"/>.</summary>
    public static byte CifarPixel(int record, int channel, int x, int y) => (byte)(x + (3 * y) + (channel * 50) + (record * 7));

    /// <summary>CIFAR records with the given labels (one byte, or coarse + fine when <paramref name="coarse"/> is given).</summary>
    public static void WriteCifar(string path, IReadOnlyList<int> labels, IReadOnlyList<int>? coarse = null)
    {
        using var stream = File.Create(path);
        for (var r = 0; r < labels.Count; r++)
        {
            if (coarse is not null)
            {
                stream.WriteByte((byte)coarse[r]);
            }

            stream.WriteByte((byte)labels[r]);
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 32; y++)
                {
                    for (var x = 0; x < 32; x++)
                    {
                        stream.WriteByte(CifarPixel(r, c, x, y));
                    }
                }
            }
        }
    }

    /// <summary>The gray level at (x, y) of IDX fixture image <paramref name="index"/>.</summary>
    public static byte IdxPixel(int index, int x, int y) => (byte)((x * 9) + (y * 2) + (index * 31));

    public static void WriteIdxImages(string path, int count, int height, int width, bool gzip, int magic = 0x00000803)
    {
        var bytes = new byte[16 + (count * height * width)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), height);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), width);
        for (var i = 0; i < count; i++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    bytes[16 + (i * height * width) + (y * width) + x] = IdxPixel(i, x, y);
                }
            }
        }

        Write(path, bytes, gzip);
    }

    public static void WriteIdxLabels(string path, IReadOnlyList<int> labels, bool gzip)
    {
        var bytes = new byte[8 + labels.Count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            bytes[8 + i] = (byte)labels[i];
        }

        Write(path, bytes, gzip);
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        using var file = File.Create(path);
        using var stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : (Stream)file;
        stream.Write(bytes);
    }

    private static SKBitmap PatternBitmap(int width, int height, int seed)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = Pattern(x, y, seed);
                var at = (y * bitmap.RowBytes) + (4 * x);
                pixels[at] = r;
                pixels[at + 1] = g;
                pixels[at + 2] = b;
                pixels[at + 3] = 255;
            }
        }

        return bitmap;
    }
}
