using System.Security.Cryptography;
using System.Text.Json;
using CloudFreq.Core.Models.Onnx;
using CloudFreq.Core.Models.Onnx.Proto;
using Google.Protobuf;

namespace CloudFreq.Core.Tests.Models.Onnx;

public sealed class OnnxModelFileTests : IDisposable
{
    private readonly string _tempFolder = Directory.CreateTempSubdirectory("cloudfreq-onnx-tests-").FullName;

    public void Dispose() => Directory.Delete(_tempFolder, recursive: true);

    [Theory]
    [InlineData("cifar10/resnet_2b.onnx", "input.1", "[1, 3, 32, 32]")]
    [InlineData("cifar10/cifar_base_kw.onnx", "input.1", "[1, 3, 32, 32]")]
    [InlineData("cifar10/cifar10_small.onnx", "x:0", "[\"unk__17\", 32, 32, 3]")]
    [InlineData("cifar10/cifar10_medium.onnx", "x:0", "[\"unk__17\", 32, 32, 3]")]
    [InlineData("mnist/Convnet_maxpool.onnx", "input", "[1, 1, 28, 28]")]
    [InlineData("mnist/mnist_relu_9_200.onnx", "input", "[1, 1, 28, 28]")]
    public void Load_SharedModel_DetectsSingleFloatImageInput(string model, string inputName, string shape)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));

        var input = Assert.Single(file.Inputs);
        Assert.Equal(inputName, input.Name);
        Assert.Equal(OnnxElementTypes.Float, input.ElementType);
        Assert.Equal(shape, OnnxDim.Format(input.Shape));
    }

    [Theory]
    [MemberData(nameof(OnnxTestModels.AllSharedModels), MemberType = typeof(OnnxTestModels))]
    public void Load_SharedModel_InputShapeAgreesWithModelsJson(string model)
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(SharedData.Path("models", "models.json")));
        var entry = catalog.RootElement.GetProperty("models").EnumerateArray()
            .Single(m => m.GetProperty("file").GetString() == model);
        var catalogShape = entry.GetProperty("input").EnumerateArray().ToArray();

        var input = Assert.Single(OnnxModelFile.Load(OnnxTestModels.Shared(model)).Inputs);

        Assert.Equal(catalogShape.Length, input.Shape.Count);
        for (var i = 0; i < catalogShape.Length; i++)
        {
            if (catalogShape[i].ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(catalogShape[i].GetInt64(), input.Shape[i].Value);
            }
            else
            {
                // The catalog writes "batch" for any variable dim; the files name it unk__17.
                Assert.True(input.Shape[i].IsSymbolic, $"dim {i} of {model} should be symbolic");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OnnxTestModels.AllSharedModels), MemberType = typeof(OnnxTestModels))]
    public void Load_SharedModel_OutputIsTenClassScoresPerImage(string model)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));

        var output = Assert.Single(file.Outputs);
        Assert.Equal(OnnxElementTypes.Float, output.ElementType);
        Assert.Equal(2, output.Shape.Count);
        Assert.Equal(10, output.Shape[1].Value);
        Assert.Equal(file.Inputs[0].Shape[0].IsFixed, output.Shape[0].IsFixed);
    }

    [Theory]
    [InlineData("cifar10/resnet_2b.onnx", 6, 9, "pytorch")]
    [InlineData("cifar10/cifar10_small.onnx", 4, 9, "tf2onnx")]
    [InlineData("mnist/mnist_relu_9_200.onnx", 6, 9, "pytorch")]
    public void Load_SharedModel_ReadsVersionsAndProducer(string model, long irVersion, long opset, string producer)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));

        Assert.Equal(irVersion, file.IrVersion);
        Assert.Equal(opset, file.OpsetVersion);
        Assert.Equal(producer, file.ProducerName);
        Assert.Empty(file.Metadata);
        Assert.False(file.HasExternalData);
    }

    // Expected values: `sha256sum` of the shared files when these tests were written.
    [Theory]
    [InlineData("cifar10/cifar10_medium.onnx", "d3816a58e6b7b75c9b696c850d6b5d60e92727aee60c65ad293a10a141f75dc2")]
    [InlineData("cifar10/cifar10_small.onnx", "c8e3ce2a76c16244cf6d9b0cdefc13f2d380630d84e38916a93a85e45d74c3b5")]
    [InlineData("cifar10/cifar_base_kw.onnx", "e39711edc5284e173d169359d4b0ac2a5f5b39fffc8cf4af15d54615b867bf3f")]
    [InlineData("cifar10/resnet_2b.onnx", "791aa24d77917ecda16809fbbd48e7739616f88ebf74cf358b2d1bf911dc4a6d")]
    [InlineData("mnist/Convnet_maxpool.onnx", "6d5a0720e2eedb286a07ed9bb94c96fb33bd149d0424b253ebff78ec654b38dc")]
    [InlineData("mnist/mnist_relu_9_200.onnx", "9ca87fef411ed6239ec649063782a10719ae3e2ee31f023d6aaafdd17cbab012")]
    public void Sha256_SharedModel_MatchesSha256sum(string model, string expected)
    {
        Assert.Equal(expected, OnnxModelFile.Load(OnnxTestModels.Shared(model)).Sha256);
    }

    [Fact]
    public void Sha256_BytesHashedSeparately_Equal()
    {
        var path = OnnxTestModels.Fixture("reshape_hardcoded_batch.onnx");
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

        Assert.Equal(expected, OnnxModelFile.Load(path).Sha256);
    }

    [Theory]
    [MemberData(nameof(OnnxTestModels.AllSharedModels), MemberType = typeof(OnnxTestModels))]
    public void RoundTrip_SharedModel_ParsedAgainEqualAndBytesIdentical(string model)
    {
        var original = File.ReadAllBytes(OnnxTestModels.Shared(model));
        var parsed = ModelProto.Parser.ParseFrom(original);

        var written = parsed.ToByteArray();

        Assert.Equal(parsed, ModelProto.Parser.ParseFrom(written));
        Assert.True(original.AsSpan().SequenceEqual(written), $"{model}: written bytes differ from the file");
    }

    [Theory]
    [MemberData(nameof(OnnxTestModels.AllSharedModels), MemberType = typeof(OnnxTestModels))]
    public void RoundTrip_SharedModelWithMetadata_RunsWithSameOutputs(string model)
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared(model));
        var rewritten = file.WithMetadata(new Dictionary<string, string> { ["cloudfreq.test"] = "1" });
        var input = file.Inputs[0];
        long[] shape = [1, .. input.Shape.Skip(1).Select(d => d.Value!.Value)];
        var data = OnnxTestModels.RandomValues((int)shape.Aggregate(1L, (a, b) => a * b), seed: 7);

        using var originalSession = OnnxTestModels.CreateSession(file.Bytes);
        using var rewrittenSession = OnnxTestModels.CreateSession(rewritten);
        var expected = OnnxTestModels.Run(originalSession, input.Name, data, shape);
        var actual = OnnxTestModels.Run(rewrittenSession, input.Name, data, shape);

        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal("1", OnnxModelFile.FromBytes(rewritten, "with-metadata").Metadata["cloudfreq.test"]);
    }

    [Fact]
    public void Inputs_InitializersListedAsGraphInputs_AreLeftOut()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("initializers_as_inputs.onnx"));

        var input = Assert.Single(file.Inputs);
        Assert.Equal("x", input.Name);
        Assert.Equal("[1, 2, 5, 5]", OnnxDim.Format(input.Shape));
        Assert.Equal(3, file.IrVersion);
    }

    [Fact]
    public void Inputs_SymbolicDims_ReadAsSymbols()
    {
        var input = Assert.Single(OnnxModelFile.Load(OnnxTestModels.Fixture("symbolic_spatial.onnx")).Inputs);

        Assert.Equal([OnnxDim.Symbolic("N"), OnnxDim.Fixed(3), OnnxDim.Symbolic("H"), OnnxDim.Symbolic("W")], input.Shape);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsNamingFileAndCause()
    {
        var path = Path.Combine(_tempFolder, "empty.onnx");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<CloudFreqException>(() => OnnxModelFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Load_RandomBytes_ThrowsNamingFile(int seed)
    {
        var path = Path.Combine(_tempFolder, $"random{seed}.onnx");
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CloudFreqException>(() => OnnxModelFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextFile_ThrowsNotOnnx()
    {
        var path = Path.Combine(_tempFolder, "labels.onnx");
        File.WriteAllText(path, "file,label\nimg0.png,3\n");

        var error = Assert.Throws<CloudFreqException>(() => OnnxModelFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("ONNX", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void Load_TruncatedModel_ThrowsNamingFileAndTruncation(double keptFraction)
    {
        var bytes = File.ReadAllBytes(OnnxTestModels.Shared("mnist/Convnet_maxpool.onnx"));
        var path = Path.Combine(_tempFolder, "truncated.onnx");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keptFraction)]);

        var error = Assert.Throws<CloudFreqException>(() => OnnxModelFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(_tempFolder, "missing.onnx");

        var error = Assert.Throws<CloudFreqException>(() => OnnxModelFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_ModelWithoutGraph_ThrowsNoGraph()
    {
        var error = Assert.Throws<CloudFreqException>(() => OnnxModelFile.FromBytes(TinyOnnxModels.NoGraph(), "header-only.onnx"));

        Assert.Contains("header-only.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("no graph", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_GraphWhoseInputsAreAllInitializers_ThrowsNoInputs()
    {
        var error = Assert.Throws<CloudFreqException>(
            () => OnnxModelFile.FromBytes(TinyOnnxModels.OnlyInitializerInputs(), "weights-only.onnx"));

        Assert.Contains("weights-only.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("no inputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithMetadata_NewAndExistingKeys_ReplacesGivenKeepsOthers()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Shared("mnist/Convnet_maxpool.onnx"));
        var first = OnnxModelFile.FromBytes(
            file.WithMetadata(new Dictionary<string, string> { ["cloudfreq.mean"] = "0", ["cloudfreq.layout"] = "NCHW" }),
            "first");

        var second = OnnxModelFile.FromBytes(
            first.WithMetadata(new Dictionary<string, string> { ["cloudfreq.mean"] = "0.5", ["group"] = "base" }),
            "second");

        Assert.Equal(
            new Dictionary<string, string> { ["cloudfreq.mean"] = "0.5", ["cloudfreq.layout"] = "NCHW", ["group"] = "base" },
            second.Metadata);
        Assert.Equal("0", first.Metadata["cloudfreq.mean"]);
        Assert.Empty(file.Metadata);
        Assert.NotEqual(file.Sha256, second.Sha256);
    }

    [Fact]
    public void Load_ExternalDataModel_KeepsReferencesWithoutLoadingData()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("external_data.onnx"));

        var written = file.WithMetadata(new Dictionary<string, string> { ["note"] = "external" });

        Assert.Equal(["big_w", "b"], file.ExternalDataTensors);
        var reparsed = ModelProto.Parser.ParseFrom(written);
        var weight = reparsed.Graph.Initializer.Single(t => t.Name == "big_w");
        Assert.Equal(TensorProto.Types.DataLocation.External, weight.DataLocation);
        Assert.Equal(
            ["location=external_data.bin", "offset=0", "length=64"],
            weight.ExternalData.Select(e => e.Key + "=" + e.Value));
        Assert.False(weight.HasRawData);
    }

    [Fact]
    public void WithMetadata_ExternalDataModelSavedBesideItsData_RunsInOnnxRuntime()
    {
        var file = OnnxModelFile.Load(OnnxTestModels.Fixture("external_data.onnx"));
        var path = Path.Combine(_tempFolder, "external_data.onnx");
        File.WriteAllBytes(path, file.WithMetadata(new Dictionary<string, string> { ["note"] = "external" }));
        File.Copy(OnnxTestModels.Fixture("external_data.bin"), Path.Combine(_tempFolder, "external_data.bin"));
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 };
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path, options);

        var (shape, values) = OnnxTestModels.Run(session, "x", new float[8], [1, 8]);

        Assert.Equal([1L, 2L], shape);
        Assert.Equal(2, values.Length);
    }
}
