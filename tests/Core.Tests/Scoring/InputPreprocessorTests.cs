using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Scoring;

namespace CloudFreq.Core.Tests.Scoring;

public class InputPreprocessorTests
{
    private static ModelCard Card(TensorLayout layout) => new()
    {
        Name = "m",
        Layout = layout,
        Mean = [0.5f, 0.25f],
        Std = [0.5f, 2f],
        Input = new ImageShape(2, 2, 3),
    };

    // Two images of 2 channels x 2 x 3, value = n*100 + c*10 + y*3 + x, scaled to [0,1].
    private static float[] Images()
    {
        var images = new float[2 * 12];
        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 2; c++)
            {
                for (var p = 0; p < 6; p++)
                {
                    images[(n * 12) + (c * 6) + p] = ((n * 100) + (c * 10) + p) / 255f;
                }
            }
        }

        return images;
    }

    [Fact]
    public void Apply_Nchw_NormalizesEachChannel()
    {
        var images = Images();
        var output = new float[images.Length];
        new InputPreprocessor(Card(TensorLayout.Nchw)).Apply(images, 2, output);

        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 2; c++)
            {
                for (var p = 0; p < 6; p++)
                {
                    var x = images[(n * 12) + (c * 6) + p];
                    var expected = (x - (c == 0 ? 0.5f : 0.25f)) / (c == 0 ? 0.5f : 2f);
                    Assert.Equal(expected, output[(n * 12) + (c * 6) + p], 1e-6f);
                }
            }
        }
    }

    [Fact]
    public void Apply_Nhwc_InterleavesChannelsAfterNormalizing()
    {
        var images = Images();
        var output = new float[images.Length];
        new InputPreprocessor(Card(TensorLayout.Nhwc)).Apply(images, 2, output);

        for (var n = 0; n < 2; n++)
        {
            for (var p = 0; p < 6; p++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var x = images[(n * 12) + (c * 6) + p];
                    var expected = (x - (c == 0 ? 0.5f : 0.25f)) / (c == 0 ? 0.5f : 2f);
                    Assert.Equal(expected, output[(n * 12) + (p * 2) + c], 1e-6f);
                }
            }
        }
    }
}
