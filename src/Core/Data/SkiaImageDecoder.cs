using CloudFreq.Core.Imaging;
using SkiaSharp;

namespace CloudFreq.Core.Data;

/// <summary>
/// Decodes encoded images (PNG, JPEG, BMP, WebP) with SkiaSharp's codecs into RGBA8888 unpremultiplied
/// pixels, whether their bytes came from a file or from a tar shard. The encoded bytes and the pixels live in pooled arrays, so a decode allocates little
/// beyond SkiaSharp's own wrappers. No colour-space conversion and no EXIF rotation are applied,
/// matching PIL as torchvision uses it.
/// </summary>
internal static class SkiaImageDecoder
{
    /// <summary>Reads the image's size from its header without decoding the pixels.</summary>
    /// <param name="bytes">The encoded image in its first <paramref name="length"/> bytes (a pooled array, so longer).</param>
    public static unsafe (int Height, int Width) ReadSize(byte[] bytes, int length, string imageId)
    {
        fixed (byte* data = bytes)
        {
            using var codec = CreateCodec(data, length, imageId, out var skData);
            using var ownedData = skData;
            return (codec.Info.Height, codec.Info.Width);
        }
    }

    /// <summary>Decodes the encoded image and runs the pipeline into <paramref name="destination"/>.</summary>
    /// <param name="bytes">The encoded image in its first <paramref name="length"/> bytes (a pooled array, so longer).</param>
    public static unsafe void Decode(byte[] bytes, int length, string imageId, PixelPipeline pipeline, ImageShape expected, Span<float> destination)
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
}
