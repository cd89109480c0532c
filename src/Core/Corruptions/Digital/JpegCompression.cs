using System.Text.Json;
using System.Buffers;
using CloudFreq.Core.Imaging;
using SkiaSharp;

namespace CloudFreq.Core.Corruptions.Digital;

/// <summary>
/// jpeg_compression: encode the uint8 image as baseline JPEG (4:2:0 chroma, PIL's default) at the
/// severity's quality and decode it again. Uses Skia's libjpeg-turbo in place of PIL's libjpeg.
/// </summary>
/// <param name="quality">The table (default: the reference's); a custom table's entries are single numbers: JPEG quality, an integer in [1, 100].</param>
public sealed class JpegCompression(CorruptionTable<int>? quality = null) : ITunableCorruption
{
    internal static readonly CorruptionTable<int> Quality = new(
        imageNetC: [25, 18, 15, 10, 7],
        cifar10C: [80, 65, 58, 50, 40]);

    private static readonly TableColumn[] Columns = [new TableColumn("quality", Min: 1, Max: 100, Integer: true)];

    private readonly CorruptionTable<int> _quality = quality ?? Quality;

    public string Name => "jpeg_compression";

    public bool UsesRandomness => false;

    /// <inheritdoc/>
    public ICorruption WithParameters(JsonElement table, string where) =>
        new JpegCompression(CorruptionTableJson.Read(table, where, _quality, Columns, r => (int)r[0]));

    public void Apply(ReadOnlySpan<float> image, ImageShape shape, int severity, CorruptionPreset preset, Random random, Span<float> destination)
    {
        var quality = _quality[preset, severity];
        CorruptionArguments.Validate(image, shape, destination);

        var plane = shape.Height * shape.Width;
        var rgba = ArrayPool<byte>.Shared.Rent(4 * plane);
        var planarBuffer = ArrayPool<byte>.Shared.Rent(3 * plane);
        try
        {
            // Levels plane by plane (vectorized), then interleaved for Skia, and back the same way.
            var pixels = rgba.AsSpan(0, 4 * plane);
            var planar = planarBuffer.AsSpan(0, 3 * plane);
            Uint8Levels.ToLevels(image, planar);
            for (var p = 0; p < plane; p++)
            {
                pixels[4 * p] = planar[p];
                pixels[(4 * p) + 1] = planar[plane + p];
                pixels[(4 * p) + 2] = planar[(2 * plane) + p];
                pixels[(4 * p) + 3] = 255;
            }

            RoundTrip(rgba, shape, quality);

            for (var p = 0; p < plane; p++)
            {
                planar[p] = pixels[4 * p];
                planar[plane + p] = pixels[(4 * p) + 1];
                planar[(2 * plane) + p] = pixels[(4 * p) + 2];
            }

            Uint8Levels.FromLevels(planar, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
            ArrayPool<byte>.Shared.Return(planarBuffer);
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
