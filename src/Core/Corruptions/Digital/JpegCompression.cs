using System.Buffers;
using CloudFreq.Core.Imaging;
using SkiaSharp;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// jpeg_compression: encode the uint8 image as baseline JPEG (4:2:0 chroma, PIL's default) at the
/// severity's quality and decode it again. Uses Skia's libjpeg-turbo in place of PIL's libjpeg.
/// </summary>
public sealed class JpegCompression : ICorruption
{
    internal static readonly CorruptionTable<int> Quality = new(
        imageNetC: [25, 18, 15, 10, 7],
        cifar10C: [80, 65, 58, 50, 40]);

    public string Name => "jpeg_compression";

    public bool UsesRandomness => false;

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var quality = Quality[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);

        var plane = shape.Height * shape.Width;
        var rgba = ArrayPool<byte>.Shared.Rent(4 * plane);
        try
        {
            var pixels = rgba.AsSpan(0, 4 * plane);
            for (var p = 0; p < plane; p++)
            {
                pixels[4 * p] = CorruptionArguments.ToLevel(image[p]);
                pixels[(4 * p) + 1] = CorruptionArguments.ToLevel(image[plane + p]);
                pixels[(4 * p) + 2] = CorruptionArguments.ToLevel(image[(2 * plane) + p]);
                pixels[(4 * p) + 3] = 255;
            }

            RoundTrip(rgba, shape, quality);

            for (var p = 0; p < plane; p++)
            {
                destination[p] = pixels[4 * p] / 255f;
                destination[plane + p] = pixels[(4 * p) + 1] / 255f;
                destination[(2 * plane) + p] = pixels[(4 * p) + 2] / 255f;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    /// <summary>Encodes the RGBA pixels in place of themselves with their JPEG-decoded version.</summary>
    internal static unsafe void RoundTrip(byte[] rgba, ImageShape shape, int quality)
    {
        var info = new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var options = new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        fixed (byte* address = rgba)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)address, info.RowBytes);
            using var encoded = pixmap.Encode(options)
                ?? throw new InvalidOperationException("Skia could not encode the image as JPEG.");
            using var codec = SKCodec.Create(encoded)
                ?? throw new InvalidOperationException("Skia could not read back its own JPEG.");
            var result = codec.GetPixels(info, (IntPtr)address);
            if (result != SKCodecResult.Success)
            {
                throw new InvalidOperationException($"Decoding the JPEG failed: {result}.");
            }
        }
    }
}
