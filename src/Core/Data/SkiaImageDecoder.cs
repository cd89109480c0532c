using System.Buffers;
using CloudFreq.Core.Imaging;
using Microsoft.Win32.SafeHandles;
using SkiaSharp;

namespace CloudFreq.Core.Data;

/// <summary>
/// Decodes image files (PNG, JPEG, BMP, WebP) with SkiaSharp's codecs into RGBA8888 unpremultiplied
/// pixels. The file bytes and the pixels live in pooled arrays, so a decode allocates little
/// beyond SkiaSharp's own wrappers. No colour-space conversion and no EXIF rotation are applied,
/// matching PIL as torchvision uses it.
/// </summary>
internal static class SkiaImageDecoder
{
    /// <summary>Reads the image's size from its header without decoding the pixels.</summary>
    public static unsafe (int Height, int Width) ReadSize(string path, string imageId, ArrayPool<byte> pool)
    {
        var (bytes, length) = ReadFile(path, imageId, pool);
        try
        {
            fixed (byte* data = bytes)
            {
                using var codec = CreateCodec(data, length, imageId, out var skData);
                using var ownedData = skData;
                return (codec.Info.Height, codec.Info.Width);
            }
        }
        finally
        {
            pool.Return(bytes);
        }
    }

    /// <summary>Decodes the file and runs the pipeline into <paramref name="destination"/>.</summary>
    public static unsafe void Decode(string path, string imageId, PixelPipeline pipeline, ImageShape expected, Span<float> destination)
    {
        var pool = pipeline.Buffers.Bytes;
        var (bytes, length) = ReadFile(path, imageId, pool);
        try
        {
            fixed (byte* data = bytes)
            {
                using var codec = CreateCodec(data, length, imageId, out var skData);
                using var ownedData = skData;
                var width = codec.Info.Width;
                var height = codec.Info.Height;
                var size = (long)width * height * 4;
                if (size > Array.MaxLength)
                {
                    throw new ImageLoadException(imageId, $"image of {width}x{height} pixels is too large to decode.");
                }

                var pixels = pipeline.Buffers.Bytes.Rent((int)size);
                try
                {
                    fixed (byte* target = pixels)
                    {
                        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
                        var result = codec.GetPixels(info, (IntPtr)target);
                        if (result != SKCodecResult.Success)
                        {
                            throw new ImageLoadException(imageId, result == SKCodecResult.IncompleteInput
                                ? "the image data is truncated."
                                : $"the image data cannot be decoded ({result}).");
                        }
                    }

                    pipeline.Run(imageId, pixels.AsSpan(0, (int)size), PixelLayout.Rgba, height, width, expected, destination);
                }
                finally
                {
                    pipeline.Buffers.Bytes.Return(pixels);
                }
            }
        }
        finally
        {
            pool.Return(bytes);
        }
    }

    // The SKData wraps the pinned pooled array without copying; callers dispose codec and data
    // before the array is unpinned and returned.
    private static unsafe SKCodec CreateCodec(byte* data, int length, string imageId, out SKData skData)
    {
        skData = SKData.Create((IntPtr)data, length);
        var codec = SKCodec.Create(skData);
        if (codec is null)
        {
            skData.Dispose();
            throw new ImageLoadException(imageId, "not a readable image (unknown format, or a corrupt or truncated header).");
        }

        if (codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            codec.Dispose();
            skData.Dispose();
            throw new ImageLoadException(imageId, "the image has no pixels.");
        }

        return codec;
    }

    private static (byte[] Bytes, int Length) ReadFile(string path, string imageId, ArrayPool<byte> pool)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException(imageId, $"cannot open {path}: {e.Message}", e);
        }

        using (handle)
        {
            var fileLength = RandomAccess.GetLength(handle);
            if (fileLength == 0)
            {
                throw new ImageLoadException(imageId, "the file is empty.");
            }

            if (fileLength > Array.MaxLength)
            {
                throw new ImageLoadException(imageId, $"the file is too large ({fileLength} bytes).");
            }

            var length = (int)fileLength;
            var bytes = pool.Rent(length);
            try
            {
                var read = 0;
                while (read < length)
                {
                    var n = RandomAccess.Read(handle, bytes.AsSpan(read, length - read), read);
                    if (n == 0)
                    {
                        throw new ImageLoadException(imageId, "the file shrank while it was read.");
                    }

                    read += n;
                }

                return (bytes, length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                pool.Return(bytes);
                throw new ImageLoadException(imageId, $"cannot read {path}: {e.Message}", e);
            }
            catch
            {
                pool.Return(bytes);
                throw;
            }
        }
    }
}
