using CloudFreq.Core.Frequency;

namespace CloudFreq.Core.Costs;

/// <summary>
/// The FFT work of the frequency-sweep and hybrid analyses: an image's spectrum (forward FFT per
/// channel), a filtered image (mask and inverse FFT) and a hybrid image (two spectra mixed and
/// inverted). Mask shape and cutoff do not change the cost, so one mask stands for all.
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

    /// <summary>One hybrid image from the two computed spectra of its pair: mix and inverse FFT.</summary>
    public static ITransformFamily Hybrid { get; } = new PerImageTransformFamily("fft hybrid", shape =>
    {
        var fft = new Fft2D(shape.Height, shape.Width);
        var composer = new HybridComposer(shape.Height, shape.Width);
        var (low, high) = (RandomSpectrum(shape, fft), RandomSpectrum(shape, fft));
        var mask = FrequencyMask.LowPass(new FrequencyGrid(shape.Height, shape.Width), FilterShape.Ideal, 0.25);
        return (_, _, destination) => composer.Compose(low, high, mask, destination, fft);
    });

    private static ImageSpectrum RandomSpectrum(Imaging.ImageShape shape, Fft2D fft)
    {
        var random = new Random(shape.Length);
        var image = new float[shape.Length];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = random.NextSingle();
        }

        var spectrum = new ImageSpectrum(shape);
        spectrum.Compute(image, fft);
        return spectrum;
    }
}
