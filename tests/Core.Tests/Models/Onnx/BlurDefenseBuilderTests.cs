using CloudFreq.Core.Models;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;
using static CloudFreq.Core.Tests.Models.Onnx.TinyOnnxModels;

namespace CloudFreq.Core.Tests.Models.Onnx;

public sealed class BlurDefenseBuilderTests
{
    [Theory]
    [InlineData(9, 0.5)]
    [InlineData(9, 1.0)]
    [InlineData(9, 2.5)]
    [InlineData(13, 0.5)]
    [InlineData(13, 1.0)]
    [InlineData(13, 2.5)]
    public void Build_IdentityNchw_OutputEqualsReferenceBlur(long opset, double sigma)
    {
        var file = OnnxModelFile.FromBytes(IdentityImageModel(opset, TensorLayout.Nchw, 32, 32), "identity_nchw");

        var defended = BlurDefenseBuilder.Build(file, sigma, TensorLayout.Nchw);

        using var session = OnnxTestModels.CreateSession(defended.ModelBytes);
        const int batch = 2;
        var images = OnnxTestModels.RandomValues(batch * 3 * 32 * 32, seed: (int)(sigma * 10) + (int)opset);
        var (shape, values) = OnnxTestModels.Run(session, "x", images, [batch, 3, 32, 32]);
        Assert.Equal([batch, 3, 32, 32], shape);
        const int plane = 3 * 32 * 32;
        for (var n = 0; n < batch; n++)
        {
            var expected = CircularGaussianBlur.Blur(images.AsSpan(n * plane, plane), 3, 32, 32, sigma);
            AssertMaxAbsDiff(expected, values.AsSpan(n * plane, plane), 1e-5, $"image {n}");
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(13)]
    public void Build_IdentityNhwc_OutputEqualsReferenceBlurInHwc(long opset)
    {
        var file = OnnxModelFile.FromBytes(IdentityImageModel(opset, TensorLayout.Nhwc, 24, 20), "identity_nhwc");

        var defended = BlurDefenseBuilder.Build(file, 1.2, TensorLayout.Nhwc);

        using var session = OnnxTestModels.CreateSession(defended.ModelBytes);
        var hwc = OnnxTestModels.RandomValues(24 * 20 * 3, seed: 7);
        var (shape, values) = OnnxTestModels.Run(session, "x", hwc, [1, 24, 20, 3]);
        Assert.Equal([1, 24, 20, 3], shape);
        var expected = ToHwc(CircularGaussianBlur.Blur(ToChw(hwc, 24, 20, 3), 3, 24, 20, 1.2), 24, 20, 3);
        AssertMaxAbsDiff(expected, values, 1e-5, "nhwc");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(13)]
    public void Build_BrightPixelAtOrigin_BlurredMassWrapsToFarCorner(long opset)
    {
        var file = OnnxModelFile.FromBytes(IdentityImageModel(opset, TensorLayout.Nchw, 32, 32), "identity_nchw");
        var defended = BlurDefenseBuilder.Build(file, 1.0, TensorLayout.Nchw);
        using var session = OnnxTestModels.CreateSession(defended.ModelBytes);
        var image = new float[3 * 32 * 32];
        image[0] = 1f;

        var (_, values) = OnnxTestModels.Run(session, "x", image, [1, 3, 32, 32]);

        var kernel = CircularGaussianBlur.Kernel(1.0);
        var diagonal = kernel[(2 * 7) + 2];
        Assert.True(diagonal > 0.05f, $"kernel tap (1,1) is {diagonal}");
        Assert.Equal(diagonal, values[(31 * 32) + 31], 1e-6f);
        Assert.Equal(kernel[(2 * 7) + 3], values[31 * 32], 1e-6f);
        Assert.Equal(kernel[(3 * 7) + 2], values[31], 1e-6f);
        Assert.Equal(1.0, values.Take(32 * 32).Sum(v => (double)v), 1e-5);
        Assert.All(values.Skip(32 * 32), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Build_TinyModel_KeepsInputAndOutputsAndPrefixesNewNames()
    {
        var file = OnnxModelFile.FromBytes(IdentityImageModel(13, TensorLayout.Nchw, 32, 32), "identity_nchw");

        var defended = BlurDefenseBuilder.Build(file, 0.8, TensorLayout.Nchw);

        var reread = OnnxModelFile.FromBytes(defended.ModelBytes, "defended");
        Assert.Equal(file.Inputs.Select(i => i.ToString()), reread.Inputs.Select(i => i.ToString()));
        Assert.Equal(file.Outputs.Select(o => o.ToString()), reread.Outputs.Select(o => o.ToString()));
        var graph = ModelProto.Parser.ParseFrom(defended.ModelBytes).Graph;
        Assert.All(graph.Node.Take(graph.Node.Count - 1), node => Assert.StartsWith("cloudfreq_blur_", node.Name, StringComparison.Ordinal));
        Assert.All(graph.Initializer, tensor => Assert.StartsWith("cloudfreq_blur_", tensor.Name, StringComparison.Ordinal));
        Assert.Equal(5, defended.KernelSize);
        Assert.Contains("sigma 0.8", defended.Description, StringComparison.Ordinal);
        Assert.Contains("5x5", defended.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cifar10/resnet_2b.onnx", TensorLayout.Nchw, 1)]
    [InlineData("cifar10/cifar10_small.onnx", TensorLayout.Nhwc, 2)]
    public void Build_SharedModel_LogitsEqualOriginalOnReferenceBlurredImage(string model, TensorLayout layout, int batch)
    {
        const double sigma = 1.0;
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));
        Assert.True(file.OpsetVersion < 10, $"{model} is opset {file.OpsetVersion}; this test covers the attribute Slice form");

        var defended = BlurDefenseBuilder.Build(file, sigma, layout);

        var reread = OnnxModelFile.FromBytes(defended.ModelBytes, "defended");
        Assert.Equal(file.Inputs.Select(i => i.ToString()), reread.Inputs.Select(i => i.ToString()));
        Assert.Equal(file.Outputs.Select(o => o.ToString()), reread.Outputs.Select(o => o.ToString()));
        using var original = OnnxTestModels.CreateSession(file.Bytes);
        using var blurredModel = OnnxTestModels.CreateSession(defended.ModelBytes);
        var inputName = file.Inputs[0].Name;
        Assert.Equal(original.InputMetadata[inputName].Dimensions, blurredModel.InputMetadata[inputName].Dimensions);
        Assert.Equal(original.OutputNames, blurredModel.OutputNames);

        long[] shape = layout == TensorLayout.Nchw ? [batch, 3, 32, 32] : [batch, 32, 32, 3];
        const int plane = 3 * 32 * 32;
        // Roughly normalized images: the blur acts on whatever the model is fed.
        var images = OnnxTestModels.RandomValues(batch * plane, seed: 11).Select(v => (v - 0.5f) * 4f).ToArray();
        var blurredImages = new float[images.Length];
        for (var n = 0; n < batch; n++)
        {
            var one = images.AsSpan(n * plane, plane);
            var blurred = layout == TensorLayout.Nchw
                ? CircularGaussianBlur.Blur(one, 3, 32, 32, sigma)
                : ToHwc(CircularGaussianBlur.Blur(ToChw(one, 32, 32, 3), 3, 32, 32, sigma), 32, 32, 3);
            blurred.CopyTo(blurredImages, n * plane);
        }

        var (expectedShape, expected) = OnnxTestModels.Run(original, inputName, blurredImages, shape);
        var (actualShape, actual) = OnnxTestModels.Run(blurredModel, inputName, images, shape);
        Assert.Equal(expectedShape, actualShape);
        Assert.Equal(batch * 10, actual.Length);
        OnnxTestModels.AssertClose(expected, actual, model);
        // Guards against a vacuous pass: the blur must change the logits.
        var (_, unblurred) = OnnxTestModels.Run(original, inputName, images, shape);
        Assert.True(unblurred.Zip(actual).Max(pair => Math.Abs(pair.First - pair.Second)) > 1e-3, "blur did not change the logits");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void Build_SigmaNotPositive_ThrowsCloudFreqException(double sigma)
    {
        var file = OnnxModelFile.FromBytes(IdentityImageModel(13, TensorLayout.Nchw, 32, 32), "identity_nchw");

        var error = Assert.Throws<CloudFreqException>(() => BlurDefenseBuilder.Build(file, sigma, TensorLayout.Nchw));

        Assert.Contains("sigma must be a positive number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_KernelLargerThanImage_ThrowsNamingSizes()
    {
        var file = OnnxModelFile.FromBytes(IdentityImageModel(13, TensorLayout.Nchw, 16, 12), "small_image");

        var error = Assert.Throws<CloudFreqException>(() => BlurDefenseBuilder.Build(file, 2.5, TensorLayout.Nchw));

        Assert.Contains("15x15 kernel", error.Message, StringComparison.Ordinal);
        Assert.Contains("16x12 image", error.Message, StringComparison.Ordinal);
        Assert.Contains("small_image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NchwModelReadAsNhwc_ThrowsBecauseKernelExceedsThreePixelHeight()
    {
        var file = OnnxModelFile.FromBytes(IdentityImageModel(13, TensorLayout.Nchw, 32, 32), "identity_nchw");

        // Read as NHWC, [N, 3, 32, 32] is a 3x32 image with 32 channels: a 7x7 kernel cannot fit.
        var error = Assert.Throws<CloudFreqException>(() => BlurDefenseBuilder.Build(file, 1.0, TensorLayout.Nhwc));

        Assert.Contains("7x7 kernel of sigma 1 is larger than the 3x32 image", error.Message, StringComparison.Ordinal);
    }

    /// <summary>x -> Identity -> y with x [N, 3, H, W] (or [N, H, W, 3]) and a symbolic batch N.</summary>
    private static byte[] IdentityImageModel(long opset, TensorLayout layout, int height, int width)
    {
        long[] dims = layout == TensorLayout.Nchw ? [0, 3, height, width] : [0, height, width, 3];
        ValueInfoProto Image(string name)
        {
            var value = Tensor(name, dims);
            value.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "N" };
            return value;
        }

        return Model(opset, Graph("identity_image", [Node("Identity", "identity", ["x"], ["y"])], [Image("x")], [Image("y")]));
    }

    private static float[] ToChw(ReadOnlySpan<float> hwc, int height, int width, int channels)
    {
        var chw = new float[hwc.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    chw[(((c * height) + y) * width) + x] = hwc[(((y * width) + x) * channels) + c];
                }
            }
        }

        return chw;
    }

    private static float[] ToHwc(float[] chw, int height, int width, int channels)
    {
        var hwc = new float[chw.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    hwc[(((y * width) + x) * channels) + c] = chw[(((c * height) + y) * width) + x];
                }
            }
        }

        return hwc;
    }

    private static void AssertMaxAbsDiff(float[] expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst < tolerance, $"{what}: max abs diff {worst} >= {tolerance}");
    }
}
