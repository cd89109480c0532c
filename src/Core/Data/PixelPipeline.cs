using System.Buffers;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Data;

/// <summary>
/// The load transforms of a dataset (grayscale, resize of the shorter side, center crop), applied
/// to one image's 8-bit pixels on their way to CHW floats. Immutable, so one instance serves all
/// decoding threads.
/// </summary>
internal sealed class PixelPipeline
{
    private PixelPipeline(bool grayscale, int? resize, int? crop)
    {
        Grayscale = grayscale;
        Resize = resize;
        Crop = crop;
    }

    public bool Grayscale { get; }

    public int? Resize { get; }

    public int? Crop { get; }

    /// <summary>Checks the options' transform values and builds the pipeline.</summary>
    /// <summary>Scratch arrays of this dataset's decodes.</summary>
    public DecodeBuffers Buffers { get; } = new();

    public static PixelPipeline FromOptions(DatasetOptions options)
    {
        if (options.Resize is < 1)
        {
            throw new CloudFreqException($"resize must be at least 1 pixel (got {options.Resize}).");
        }

        if (options.Crop is < 1)
        {
            throw new CloudFreqException($"crop must be at least 1 pixel (got {options.Crop}).");
        }

        return new PixelPipeline(options.Grayscale, options.Resize, options.Crop);
    }

    /// <summary>Output channels for a source of the given layout.</summary>
    public int Channels(PixelLayout layout) => layout == PixelLayout.Gray || Grayscale ? 1 : 3;

    /// <summary>
    /// Size after the shorter-side resize; the longer side is truncated as torchvision's
    /// <c>Resize(int)</c> does (<c>int(size * long / short)</c>).
    /// </summary>
    public (int Height, int Width) Resized(int height, int width)
    {
        if (Resize is not int size)
        {
            return (height, width);
        }

        return width <= height
            ? (checked((int)((long)size * height / width)), size)
            : (size, checked((int)((long)size * width / height)));
    }

    /// <summary>The output shape for a source of this size, or null when the crop does not fit.</summary>
    public ImageShape? OutputShape(PixelLayout layout, int height, int width)
    {
        var (resizedHeight, resizedWidth) = Resized(height, width);
        if (Crop is int crop)
        {
            return crop <= resizedHeight && crop <= resizedWidth ? new ImageShape(Channels(layout), crop, crop) : null;
        }

        return new ImageShape(Channels(layout), resizedHeight, resizedWidth);
    }

    /// <summary>
    /// The shape for a format whose images all have one size (CIFAR, IDX); a crop larger than the
    /// images is a user error there, not a per-image failure.
    /// </summary>
    public ImageShape FixedShape(PixelLayout layout, int height, int width, string source) =>
        OutputShape(layout, height, width)
        ?? throw new CloudFreqException(
            $"{source}: crop {Crop} is larger than the images ({Describe(height, width)}); choose a smaller crop or a larger resize.");

    /// <summary>Transforms one image into <paramref name="destination"/>, which must hold <paramref name="expected"/>.</summary>
    /// <exception cref="ImageLoadException">The image does not fit the crop or has another size than the dataset.</exception>
    public void Run(
        string imageId,
        ReadOnlySpan<byte> pixels,
        PixelLayout layout,
        int height,
        int width,
        ImageShape expected,
        Span<float> destination)
    {
        if (destination.Length < expected.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; the image needs {expected.Length}.", nameof(destination));
        }

        var shape = OutputShape(layout, height, width)
            ?? throw new ImageLoadException(imageId, $"image is {Describe(height, width)}, smaller than the crop {Crop}; use --resize to enlarge it first.");
        if (shape != expected)
        {
            throw new ImageLoadException(
                imageId,
                $"image is {Describe(height, width)} but the dataset's images are {expected.Width}x{expected.Height}; use --resize and --crop to bring all images to one size.");
        }

        var (resizedHeight, resizedWidth) = Resized(height, width);
        var top = (int)Math.Round((resizedHeight - shape.Height) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((resizedWidth - shape.Width) / 2.0, MidpointRounding.ToEven);
        var output = destination[..shape.Length];
        if (resizedHeight == height && resizedWidth == width)
        {
            PixelConversion.ToPlanes(pixels, layout, height, width, top, left, shape.Height, shape.Width, Grayscale, output);
            return;
        }

        var channels = shape.Channels;
        var full = Buffers.Floats.Rent(channels * height * width);
        try
        {
            var planes = full.AsSpan(0, channels * height * width);
            PixelConversion.ToPlanes(pixels, layout, height, width, 0, 0, height, width, Grayscale, planes);
            AntialiasResampler.ResizeWindow(
                planes, channels, height, width, resizedHeight, resizedWidth, top, left, shape.Height, shape.Width, output, Buffers.Floats);
        }
        finally
        {
            Buffers.Floats.Return(full);
        }
    }

    private string Describe(int height, int width)
    {
        var (resizedHeight, resizedWidth) = Resized(height, width);
        return resizedHeight == height && resizedWidth == width
            ? $"{width}x{height}"
            : $"{width}x{height} ({resizedWidth}x{resizedHeight} after resize)";
    }
}
