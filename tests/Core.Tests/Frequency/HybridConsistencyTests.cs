using CloudFreq.Core.Frequency;
using CloudFreq.Core.Imaging;

namespace CloudFreq.Core.Tests.Frequency;

public class HybridConsistencyTests
{
    [Theory]
    [InlineData(28, 28, 0.4)]
    [InlineData(32, 32, 0.2)]
    [InlineData(30, 18, 0.33)]
    public void Compose_EqualsLowPassOfAPlusHighPassOfB(int height, int width, double alpha)
    {
        var shape = new ImageShape(1, height, width);
        var random = new Random(5);
        // A: a smooth blob off-centre; B: random texture.
        var a = new float[shape.Length];
        var b = new float[shape.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                a[(y * width) + x] = (float)(0.2 + (0.6 * Math.Exp(-(((y - (height * 0.7)) * (y - (height * 0.7))) + ((x - (width * 0.3)) * (x - (width * 0.3)))) / 20.0)));
                b[(y * width) + x] = (float)(0.3 + (0.4 * random.NextDouble()));
            }
        }

        var fft = new Fft2D(height, width);
        var low = new ImageSpectrum(shape);
        var high = new ImageSpectrum(shape);
        low.Compute(a, fft);
        high.Compute(b, fft);
        var mask = FrequencyMask.LowPass(new FrequencyGrid(height, width), FilterShape.Ideal, alpha);
        var hybrid = new float[shape.Length];
        new HybridComposer(height, width).Compose(low, high, mask, hybrid, fft);
        var lowPart = new float[shape.Length];
        var highPart = new float[shape.Length];
        var filter = new SpectralFilter(height, width);
        filter.Apply(low, mask, FilterKind.LowPass, lowPart, fft, forScoring: false);
        filter.Apply(high, mask, FilterKind.HighPass, highPart, fft, forScoring: false);

        for (var i = 0; i < shape.Length; i++)
        {
            Assert.Equal(Math.Clamp(lowPart[i] + highPart[i], 0f, 1f), hybrid[i], 1e-5f);
        }

        // The low part of a smooth blob stays where the blob is (no shift, no transpose).
        var peak = Array.IndexOf(lowPart, lowPart.Max());
        Assert.InRange(peak / width, (int)(height * 0.7) - 2, (int)(height * 0.7) + 2);
        Assert.InRange(peak % width, (int)(width * 0.3) - 2, (int)(width * 0.3) + 2);
    }
}
