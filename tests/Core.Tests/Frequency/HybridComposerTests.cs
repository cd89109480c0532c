using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Frequency;

public class HybridComposerTests
{
    private static readonly ImageShape Shape = new(3, 28, 28);

    [Fact]
    public void Compose_AlphaZero_IsBWithAsMeans()
    {
        var a = FrequencyTestImages.Uniform(Shape.Length, seed: 31);
        var b = FrequencyTestImages.Uniform(Shape.Length, seed: 32);
        var planeLength = Shape.Height * Shape.Width;
        var expected = new float[Shape.Length];
        for (var c = 0; c < Shape.Channels; c++)
        {
            var meanA = a.AsSpan(c * planeLength, planeLength).ToArray().Average(v => (double)v);
            var meanB = b.AsSpan(c * planeLength, planeLength).ToArray().Average(v => (double)v);
            for (var i = c * planeLength; i < (c + 1) * planeLength; i++)
            {
                expected[i] = (float)Math.Clamp(b[i] - meanB + meanA, 0, 1);
            }
        }

        var hybrid = Compose(a, b, cutoff: 0);

        Assert.True(FrequencyTestImages.MaxAbsDifference(expected, hybrid) < 1e-5);
    }

    [Fact]
    public void Compose_CutoffAboveSqrtTwo_IsA()
    {
        var a = FrequencyTestImages.Uniform(Shape.Length, seed: 33);
        var b = FrequencyTestImages.Uniform(Shape.Length, seed: 34);

        var hybrid = Compose(a, b, cutoff: 1.5);

        Assert.True(FrequencyTestImages.MaxAbsDifference(a, hybrid) < 1e-5);
    }

    [Fact]
    public void Compose_MidCutoff_IsLowPassOfAPlusHighPassOfB()
    {
        var a = FrequencyTestImages.Uniform(Shape.Length, seed: 35);
        var b = FrequencyTestImages.Uniform(Shape.Length, seed: 36);
        var fft = new Fft2D(28, 28);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(28, 28), FilterShape.Ideal, 0.27);
        var filter = new SpectralFilter(28, 28);
        var lowA = new float[Shape.Length];
        var highB = new float[Shape.Length];
        filter.Apply(Spectrum(a, fft), mask, FilterKind.LowPass, lowA, fft, forScoring: false);
        filter.Apply(Spectrum(b, fft), mask, FilterKind.HighPass, highB, fft, forScoring: false);
        var expected = lowA.Zip(highB, (l, h) => Math.Clamp(l + h, 0f, 1f)).ToArray();

        var hybrid = Compose(a, b, cutoff: 0.27);

        Assert.True(FrequencyTestImages.MaxAbsDifference(expected, hybrid) < 1e-5);
    }

    [Fact]
    public void Compose_DifferentShapes_Throws()
    {
        var fft = new Fft2D(28, 28);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(28, 28), FilterShape.Ideal, 0.2);
        var a = new ImageSpectrum(Shape);
        var b = new ImageSpectrum(new ImageShape(1, 28, 28));

        Assert.Throws<ArgumentException>(() => new HybridComposer(28, 28).Compose(a, b, mask, new float[Shape.Length], fft));
    }

    private static float[] Compose(float[] a, float[] b, double cutoff)
    {
        var fft = new Fft2D(28, 28);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(28, 28), FilterShape.Ideal, cutoff);
        var output = new float[Shape.Length];
        new HybridComposer(28, 28).Compose(Spectrum(a, fft), Spectrum(b, fft), mask, output, fft);
        return output;
    }

    private static ImageSpectrum Spectrum(float[] image, Fft2D fft)
    {
        var spectrum = new ImageSpectrum(Shape);
        spectrum.Compute(image, fft);
        return spectrum;
    }
}
