using CloudFreq.Core.Data;

namespace CloudFreq.Core.Tests.Data;

public sealed class AntialiasResamplerTests
{
    [Fact]
    public void ResizeWindow_HalveWidth_UsesTheWidenedTriangleWeights()
    {
        // PIL's bilinear at scale 2: support 2, output 0 reads x=0..2 with weights .75,.75,.25 (/1.75),
        // output 1 reads x=1..3 with weights .25,.75,.75 (/1.75).
        float[] source = [0f, 0.2f, 0.4f, 1f];
        var output = new float[2];

        AntialiasResampler.ResizeWindow(source, 1, 1, 4, 1, 2, 0, 0, 1, 2, output, System.Buffers.ArrayPool<float>.Shared);

        Assert.Equal(0.25 / 1.75, output[0], 1e-6);
        Assert.Equal(1.1 / 1.75, output[1], 1e-6);
    }

    [Fact]
    public void ResizeWindow_ConstantImage_StaysConstant()
    {
        var source = Enumerable.Repeat(0.3f, 2 * 7 * 9).ToArray();
        var output = new float[2 * 4 * 5];

        AntialiasResampler.ResizeWindow(source, 2, 7, 9, 11, 13, 3, 4, 4, 5, output, System.Buffers.ArrayPool<float>.Shared);

        Assert.All(output, v => Assert.Equal(0.3f, v, 1e-6f));
    }

    [Fact]
    public void ResizeWindow_SameSize_IsTheIdentityWindow()
    {
        var source = Enumerable.Range(0, 6 * 6).Select(i => i / 36f).ToArray();
        var output = new float[3 * 2];

        AntialiasResampler.ResizeWindow(source, 1, 6, 6, 6, 6, 1, 2, 3, 2, output, System.Buffers.ArrayPool<float>.Shared);

        Assert.Equal([source[8], source[9], source[14], source[15], source[20], source[21]], output);
    }
}
