using CloudFreq.Core.Imaging;
using SkiaSharp;

namespace CloudFreq.Core.Corruptions;

/// <summary>
/// Corrupts one image the way the benchmark files were made: grayscale images as RGB with three
/// equal channels and back, uint8 truncation, and for ImageNet-C the JPEG (quality 85) of its files.
/// </summary>
/// <remarks>Not thread-safe (it keeps scratch buffers): one per worker thread.</remarks>
public sealed class CorruptionApplier
{
    /// <summary>The JPEG quality of the ImageNet-C files.</summary>
    public const int ImageNetCJpegQuality = 85;

    private readonly ImageShape _rgb;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly byte[] _bytes;

    /// <param name="shape">The images' shape, 1 or 3 channels.</param>
    public CorruptionApplier(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
        {
            throw new CloudFreqException($"corruptions take 1- or 3-channel images, got {shape}.");
        }

        Shape = shape;
        _rgb = shape with { Channels = 3 };
        _input = new float[_rgb.Length];
        _output = new float[_rgb.Length];
        _bytes = new byte[_rgb.Height * _rgb.Width * 4];
    }

    public ImageShape Shape { get; }

    /// <param name="quantize">Truncate to uint8 levels as the generators' numpy cast does.</param>
    /// <param name="jpegQuality">JPEG-encode and decode at this quality (ImageNet-C: 85), or null for none.</param>
    public void Apply(
        ICorruption corruption,
        ReadOnlySpan<float> image,
        int severity,
        CorruptionPreset preset,
        Random random,
        bool quantize,
        int? jpegQuality,
        Span<float> destination)
    {
        var plane = Shape.Height * Shape.Width;
        var source = image;
        if (Shape.Channels == 1)
        {
            for (var c = 0; c < 3; c++)
            {
                image.CopyTo(_input.AsSpan(c * plane, plane));
            }

            source = _input;
        }

        corruption.Apply(source, _rgb, severity, preset, random, _output);
        if (quantize)
        {
            CorruptionOutput.Quantize(_output);
        }

        if (jpegQuality is { } quality)
        {
            JpegRoundTrip(quality);
        }

        if (Shape.Channels == 1)
        {
            // PIL's convert('L'): ITU-R 601-2 luma.
            for (var p = 0; p < plane; p++)
            {
                destination[p] = (0.299f * _output[p]) + (0.587f * _output[plane + p]) + (0.114f * _output[(2 * plane) + p]);
            }
        }
        else
        {
            _output.CopyTo(destination);
        }
    }

    private void JpegRoundTrip(int quality)
    {
        var plane = _rgb.Height * _rgb.Width;
        for (var p = 0; p < plane; p++)
        {
            _bytes[(p * 4) + 0] = ToByte(_output[p]);
            _bytes[(p * 4) + 1] = ToByte(_output[plane + p]);
            _bytes[(p * 4) + 2] = ToByte(_output[(2 * plane) + p]);
            _bytes[(p * 4) + 3] = 255;
        }

        using var encoded = Encode(quality);
        using var decoded = SKBitmap.Decode(encoded)
            ?? throw new InvalidOperationException("SkiaSharp could not decode its own JPEG.");
        using var rgba = decoded.ColorType == SKColorType.Rgba8888 ? null : decoded.Copy(SKColorType.Rgba8888);
        var pixels = (rgba ?? decoded).GetPixelSpan();
        for (var p = 0; p < plane; p++)
        {
            _output[p] = pixels[(p * 4) + 0] / 255f;
            _output[plane + p] = pixels[(p * 4) + 1] / 255f;
            _output[(2 * plane) + p] = pixels[(p * 4) + 2] / 255f;
        }
    }

    private unsafe SKData Encode(int quality)
    {
        var info = new SKImageInfo(_rgb.Width, _rgb.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        fixed (byte* pixels = _bytes)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)pixels);
            return pixmap.Encode(SKEncodedImageFormat.Jpeg, quality)
                ?? throw new InvalidOperationException("SkiaSharp could not encode a JPEG.");
        }
    }

    private static byte ToByte(float value) => (byte)MathF.Floor(Math.Clamp(value, 0f, 1f) * 255f);
}
