using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Tests.Models.Onnx;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Gradients;

public sealed class GradientGraphBuilderSharedModelTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(OnnxTestModels.AllSharedModels), MemberType = typeof(OnnxTestModels))]
    public void Build_SharedModel_DirectionalDerivativesMatch(string relativePath)
    {
        var model = OnnxModelFile.Load(OnnxTestModels.Shared(relativePath));
        using var check = new GradientCheck(model);
        var (_, grad, shape) = check.Run(new float[check.InputSize], new float[check.LogitsSize]);
        Assert.Equal(check.InputSize, grad.Length);
        Assert.Equal(model.Inputs[0].Shape.Skip(1).Select(d => d.Value!.Value), shape.Skip(1));

        check.Log = output.WriteLine;
        var errors = check.RelativeErrors(seed: 11);
        output.WriteLine($"{relativePath}: relative errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
        Assert.True(errors.Count >= 2, $"only {errors.Count} points away from kinks");
        Assert.All(errors, error => Assert.True(error < 1e-2, $"relative error {error:E2}"));
    }

    [Theory]
    [InlineData("cifar10/cifar10_small.onnx")]
    [InlineData("mnist/Convnet_maxpool.onnx")]
    public void Build_BatchOfTwo_EachRowMatchesItsOwnBatchOfOne(string relativePath)
    {
        var model = OnnxModelFile.Load(OnnxTestModels.Shared(relativePath));
        if (model.Inputs[0].Shape[0].IsFixed)
        {
            var rewritten = BatchDimensionRewriter.Rewrite(model);
            model = OnnxModelFile.FromBytes(rewritten.ModelBytes!, relativePath + " (batch rewritten)");
        }

        using var single = new GradientCheck(model);
        using var pair = new GradientCheck(model, batch: 2);
        var random = new Random(5);
        var x = GradientCheck.Values(random, pair.InputSize, 0, 1);
        var g = GradientCheck.Values(random, pair.LogitsSize, -1, 1);
        var (_, both, _) = pair.Run(x, g);
        for (var row = 0; row < 2; row++)
        {
            var (_, one, _) = single.Run(
                x.AsSpan(row * single.InputSize, single.InputSize).ToArray(),
                g.AsSpan(row * single.LogitsSize, single.LogitsSize).ToArray());
            OnnxTestModels.AssertClose(one, both.AsSpan(row * single.InputSize, single.InputSize), $"row {row}");
        }
    }
}
