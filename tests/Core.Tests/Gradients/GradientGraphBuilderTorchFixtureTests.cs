using System.Text.Json;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Tests.Models.Onnx;
using Xunit.Abstractions;

namespace CloudFreq.Core.Tests.Gradients;

/// <summary>
/// Tiny torch models (a ResNet block with BatchNorm and overlapping MaxPool, a MobileNet block with
/// ReLU6 and depthwise convs, a vision transformer at opsets 13 and 17) exported by
/// fixtures/make_torch_fixtures.py, with torch's float64 autograd gradient of a fixed upstream
/// vector at a fixed input. Only the committed files are read, so torch is not needed.
/// </summary>
public sealed class GradientGraphBuilderTorchFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string> Fixtures { get; } = new()
    {
        "torch_resnet_block_opset11",
        "torch_mobilenet_block_opset9",
        "torch_vit_opset13",
        "torch_vit_opset17",
    };

    /// <summary>CloudFreq's float32 gradient is within 1e-3 of torch's float64 one, relative to its norm.</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Build_TorchFixture_GradientMatchesTorchAutograd(string name)
    {
        var (model, reference) = Load(name);
        using var check = new GradientCheck(model);
        var (_, grad, shape) = check.Run(reference.Input, reference.Upstream);
        Assert.Equal(reference.InputShape, shape);
        var difference = Math.Sqrt(grad.Zip(reference.Gradient, (a, b) => (a - b) * (a - b)).Sum());
        var norm = Math.Sqrt(reference.Gradient.Sum(v => v * v));
        output.WriteLine($"{name}: |grad - torch| / |torch| = {difference / norm:E2} (|torch| = {norm:E2})");
        Assert.True(norm > 1e-6, "the reference gradient is zero");
        Assert.True(difference / norm < 1e-3, $"relative difference {difference / norm:E2}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Build_TorchFixture_DirectionalDerivativesMatch(string name)
    {
        using var check = new GradientCheck(Load(name).Model);
        var errors = check.RelativeErrors(seed: 5);
        output.WriteLine($"{name}: relative errors {string.Join(", ", errors.Select(e => e.ToString("E2")))}");
        Assert.True(errors.Count >= 2, $"only {errors.Count} points away from kinks");
        Assert.All(errors, error => Assert.True(error < 1e-2, $"relative error {error:E2}"));
    }

    /// <summary>The exports keep the batch dynamic (shape subgraphs, Expand of the class token): a batch of two gives each row its own gradient.</summary>
    [Theory]
    [InlineData("torch_vit_opset13")]
    [InlineData("torch_resnet_block_opset11")]
    public void Build_TorchFixtureBatchOfTwo_EachRowMatchesItsOwnBatchOfOne(string name)
    {
        var model = Load(name).Model;
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

    private static (OnnxModelFile Model, Reference Reference) Load(string name)
    {
        var folder = Path.Combine(SharedData.RepositoryRoot, "tests", "Core.Tests", "Gradients", "fixtures");
        var model = OnnxModelFile.Load(Path.Combine(folder, name + ".onnx"));
        var reference = JsonSerializer.Deserialize<Reference>(
            File.ReadAllText(Path.Combine(folder, name + ".json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
        return (model, reference);
    }

    private sealed record Reference(long Opset, long[] InputShape, float[] Input, float[] Upstream, double[] Gradient);
}
