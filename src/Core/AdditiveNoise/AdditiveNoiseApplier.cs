using CloudFreq.Core.Corruptions;
using CloudFreq.Core.Corruptions.Noise;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.AdditiveNoise;

/// <summary>
/// Adds one family's noise to one image in [0,1] (DESIGN.md section 4, "Noise sweeps"): optional grayscale
/// and contrast reduction first, then the noise, a clip to [0,1] and, unless switched off, the uint8
/// truncation the corruptions apply. All randomness comes from the <see cref="Random"/> the caller seeds
/// per image, so the same image gets the same noise in any batch, item or worker.
/// </summary>
/// <remarks>Stateless apart from the shape: one instance may serve every worker thread.</remarks>
public sealed class AdditiveNoiseApplier
{
    private const float LumaRed = 0.299f;
    private const float LumaGreen = 0.587f;
    private const float LumaBlue = 0.114f;

    /// <param name="shape">The images' shape; grayscale-first needs 1 or 3 channels.</param>
    public AdditiveNoiseApplier(ImageShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape.Length);
        Shape = shape;
    }

    public ImageShape Shape { get; }

    /// <param name="image">CHW pixels in [0,1].</param>
    /// <param name="destination">Receives the noisy image; may be <paramref name="image"/> itself.</param>
    public void Apply(ReadOnlySpan<float> image, AdditiveNoiseParameters parameters, Random random, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(random);
        if (image.Length != Shape.Length || destination.Length != Shape.Length)
        {
            throw new ArgumentException($"image and destination must hold {Shape.Length} values ({Shape}); got {image.Length} and {destination.Length}.", nameof(destination));
        }

        if (parameters.Level < 0 || !double.IsFinite(parameters.Level))
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Level, "the noise level must be finite and at least 0.");
        }

        if (parameters.Contrast is <= 0 or > 1 || double.IsNaN(parameters.Contrast))
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Contrast, "the contrast level must be in (0, 1].");
        }

        image.CopyTo(destination);

        // Level 0 with nothing before it is the clean image itself: quantizing it would make the first point
        // of every curve differ from clean accuracy for images not on uint8 levels (resized ones).
        if (parameters.IsIdentity)
        {
            return;
        }

        if (parameters.Grayscale)
        {
            ToGrayscale(destination);
        }

        if (parameters.Contrast != 1)
        {
            var c = (float)parameters.Contrast;
            var offset = (1 - c) / 2;
            foreach (ref var value in destination)
            {
                value = offset + (c * value);
            }
        }

        var uniform = new FastUniform(random);
        switch (parameters.Family)
        {
            case NoiseFamily.Gaussian:
                AddGaussian(destination, ref uniform, (float)parameters.Level);
                break;
            case NoiseFamily.Uniform:
                AddUniform(destination, ref uniform, (float)parameters.Level);
                break;
            case NoiseFamily.SaltPepper:
                SetSaltAndPepper(destination, ref uniform, parameters.Level);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(parameters), parameters.Family, "unknown noise family.");
        }

        if (parameters.Quantize)
        {
            CorruptionOutput.Quantize(destination);
        }
    }

    private void ToGrayscale(Span<float> image)
    {
        if (Shape.Channels == 1)
        {
            return;
        }

        if (Shape.Channels != 3)
        {
            throw new CloudFreqException($"grayscale-first noise takes 1- or 3-channel images, got {Shape}.");
        }

        var plane = Shape.Height * Shape.Width;
        var red = image[..plane];
        var green = image.Slice(plane, plane);
        var blue = image.Slice(2 * plane, plane);
        for (var p = 0; p < plane; p++)
        {
            var luma = (LumaRed * red[p]) + (LumaGreen * green[p]) + (LumaBlue * blue[p]);
            red[p] = luma;
            green[p] = luma;
            blue[p] = luma;
        }
    }

    // Noise is drawn chunk by chunk into a stack buffer, so the image may be its own destination.
    private static void AddGaussian(Span<float> image, ref FastUniform uniform, float sigma)
    {
        Span<float> noise = stackalloc float[NoiseChunks.Length];
        for (var start = 0; start < image.Length; start += noise.Length)
        {
            var chunk = image.Slice(start, Math.Min(noise.Length, image.Length - start));
            FastNormals.Fill(ref uniform, noise[..chunk.Length], sigma);
            NoiseChunks.AddClipped(chunk, noise[..chunk.Length], chunk);
        }
    }

    private static void AddUniform(Span<float> image, ref FastUniform uniform, float halfWidth)
    {
        Span<float> noise = stackalloc float[NoiseChunks.Length];
        for (var start = 0; start < image.Length; start += noise.Length)
        {
            var chunk = image.Slice(start, Math.Min(noise.Length, image.Length - start));
            for (var i = 0; i < chunk.Length; i++)
            {
                noise[i] = (float)(((2 * uniform.NextDouble()) - 1) * halfWidth);
            }

            NoiseChunks.AddClipped(chunk, noise[..chunk.Length], chunk);
        }
    }

    // One draw per pixel decides all of its channels: below p/2 pepper (0), below p salt (1).
    private void SetSaltAndPepper(Span<float> image, ref FastUniform uniform, double density)
    {
        var plane = Shape.Height * Shape.Width;
        var half = density / 2;
        for (var p = 0; p < plane; p++)
        {
            var u = uniform.NextDouble();
            if (u >= density)
            {
                continue;
            }

            var value = u < half ? 0f : 1f;
            for (var c = 0; c < Shape.Channels; c++)
            {
                image[(c * plane) + p] = value;
            }
        }
    }
}
