using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Costs;

/// <summary>
/// The FFT work of the frequency-sweep and hybrid analyses: an image's spectrum (forward FFT per
/// channel), a filtered image (mask and inverse FFT) and a hybrid image (a masked difference spectrum
/// inverted over the mask's nonzero rows and added to a source). One mask stands for all: the filter's
/// cost does not depend on it, the hybrid's does through its nonzero rows, and 0.25 is near their mean.
/// </summary>
public static class FrequencyTransforms
{
    /// <summary>One image's spectrum: the forward FFT of every channel.</summary>
    public static ITransformFamily Spectrum { get; } = new PerImageTransformFamily("fft spectrum", shape =>
    {
        var fft = new Fft2D(shape.Height, shape.Width);
        var spectrum = new ImageSpectrum(shape);
        return (image, _, _) => spectrum.Compute(image, fft);
    });

    /// <summary>One filtered image from a computed spectrum: mask, inverse FFT, mean and clipping (low- and high-pass alternate).</summary>
    public static ITransformFamily Filter { get; } = new PerImageTransformFamily("fft filter", shape =>
    {
        var fft = new Fft2D(shape.Height, shape.Width);
        var filter = new SpectralFilter(shape.Height, shape.Width);
        var spectrum = RandomSpectrum(shape, fft);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(shape.Height, shape.Width), FilterShape.Ideal, 0.25);
        return (_, index, destination) => filter.Apply(spectrum, mask, index % 2 == 0 ? FilterKind.LowPass : FilterKind.HighPass, destination, fft);
    });

    /// <summary>
    /// One hybrid image from its pair's images and difference spectrum, as the analysis makes them: two
    /// hybrids per <see cref="PrunedHybridComposer.ComposePair"/> (on even indices; odd ones are free).
    /// </summary>
    public static ITransformFamily Hybrid { get; } = new PerImageTransformFamily("fft hybrid", shape =>
    {
        var fft = new Fft2D(shape.Height, shape.Width);
        var composer = new PrunedHybridComposer(shape.Height, shape.Width);
        var (low, high) = (RandomImage(shape, seed: 1), RandomImage(shape, seed: 2));
        var difference = new ImageSpectrum(shape);
        difference.ComputeDifference(low, high, fft);
        var band = new HybridMaskBand(FrequencyMask.LowPass(new FrequencyGrid(shape.Height, shape.Width), FilterShape.Ideal, 0.25));
        var second = new float[shape.Length];
        return (_, index, destination) =>
        {
            if (index % 2 == 0)
            {
                composer.ComposePair(new HybridSource(low, high, difference), new HybridSource(high, low, difference), band, destination, second, fft);
            }
        };
    });

    private static ImageSpectrum RandomSpectrum(Imaging.ImageShape shape, Fft2D fft)
    {
        var spectrum = new ImageSpectrum(shape);
        spectrum.Compute(RandomImage(shape, shape.Length), fft);
        return spectrum;
    }

    private static float[] RandomImage(Imaging.ImageShape shape, int seed)
    {
        var random = new Random(seed);
        var image = new float[shape.Length];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = random.NextSingle();
        }

        return image;
    }
}
