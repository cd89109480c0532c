using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;

namespace CloudFreq.Core.Tests.Models;

public sealed class ModelCardResolverTests : IDisposable
{
    private static readonly long[] Nchw1x3x32 = [1, 3, 32, 32];
    private static readonly Dictionary<string, string> NoMetadata = [];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cloudfreq-cards", Guid.NewGuid().ToString("N"));
    private readonly ModelCardResolver _resolver = new();

    public ModelCardResolverTests() => Directory.CreateDirectory(Path.Combine(_dir, "nets"));

    private string Model => Path.Combine(_dir, "nets", "net.onnx");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resolve_SharedCatalog_ReadsTheEntryForTheModel()
    {
        var model = SharedData.Path("models", "cifar10", "cifar10_small.onnx");

        var resolved = _resolver.Resolve(model, [-1, 32, 32, 3], NoMetadata);

        Assert.Equal(CardSource.Catalog, resolved.Card.Source);
        Assert.Equal(TensorLayout.Nhwc, resolved.Card.Layout);
        Assert.Equal(new ImageShape(3, 32, 32), resolved.Card.Input);
        Assert.Equal(0.6234, resolved.Card.ExpectedAccuracy);
        Assert.Equal("base", resolved.Card.Group);
        Assert.Empty(resolved.Warnings);
    }

    [Fact]
    public void Resolve_SidecarAndCommandLine_CommandLineWinsFieldByField()
    {
        File.WriteAllText(Path.ChangeExtension(Model, ".json"), """{"mean": [0.1, 0.2, 0.3], "std": [0.5], "group": "adv"}""");

        var resolved = _resolver.Resolve(Model, Nchw1x3x32, NoMetadata, new ModelCardFields { Mean = [0.4f] });

        Assert.Equal([0.4f, 0.4f, 0.4f], resolved.Card.Mean);
        Assert.Equal([0.5f, 0.5f, 0.5f], resolved.Card.Std);
        Assert.Equal("adv", resolved.Card.Group);
        Assert.Equal(CardSource.CommandLine, resolved.Card.Source);
    }

    [Fact]
    public void Resolve_OnnxMetadataCard_IsUsedWhenNoFileGivesOne()
    {
        var metadata = new Dictionary<string, string>
        {
            [ModelCardResolver.MetadataKey] = """{"mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25], "classNames": ["a", "b"]}""",
        };

        var resolved = _resolver.Resolve(Model, Nchw1x3x32, metadata);

        Assert.Equal(CardSource.OnnxMetadata, resolved.Card.Source);
        Assert.Equal([0.25f, 0.25f, 0.25f], resolved.Card.Std);
        Assert.Equal(["a", "b"], resolved.Card.ClassNames);
    }

    [Fact]
    public void Resolve_NoCard_UsesDefaultsWithAWarning()
    {
        var resolved = _resolver.Resolve(Model, [1, 28, 28, 1], NoMetadata);

        Assert.Equal(CardSource.Defaults, resolved.Card.Source);
        Assert.Equal(TensorLayout.Nhwc, resolved.Card.Layout);
        Assert.Equal([0f], resolved.Card.Mean);
        Assert.Equal([1f], resolved.Card.Std);
        Assert.Contains(resolved.Warnings, w => w.Contains("mean 0 / std 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_AmbiguousLayoutWithoutCard_AsksForLayout()
    {
        var error = Assert.Throws<CloudFreqException>(() => _resolver.Resolve(Model, [1, 3, 3, 3], NoMetadata));
        Assert.Contains("--layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_CardContradictsGraph_NamesTheCardFile()
    {
        var sidecar = Path.ChangeExtension(Model, ".json");
        File.WriteAllText(sidecar, """{"layout": "NHWC", "input": [1, 32, 32, 3], "mean": [0], "std": [1]}""");

        var error = Assert.Throws<CloudFreqException>(() => _resolver.Resolve(Model, Nchw1x3x32, NoMetadata));

        Assert.Contains(sidecar, error.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 32, 32, 3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MeanWithWrongChannelCount_NamesTheField()
    {
        File.WriteAllText(Path.ChangeExtension(Model, ".json"), """{"mean": [0.1, 0.2], "std": [1]}""");

        var error = Assert.Throws<CloudFreqException>(() => _resolver.Resolve(Model, Nchw1x3x32, NoMetadata));

        Assert.Contains("'mean' has 2 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_CatalogInParentFolder_MatchesByRelativePath()
    {
        File.WriteAllText(Path.Combine(_dir, "models.json"), """
            {"models": [
              {"file": "nets/other.onnx", "mean": [9], "std": [9]},
              {"file": "nets/net.onnx", "layout": "NCHW", "mean": [0.5], "std": [0.5], "training": "robust"}
            ]}
            """);

        var resolved = _resolver.Resolve(Model, Nchw1x3x32, NoMetadata);

        Assert.Equal(CardSource.Catalog, resolved.Card.Source);
        Assert.Equal("robust", resolved.Card.Training);
        Assert.Equal([0.5f, 0.5f, 0.5f], resolved.Card.Mean);
    }

    [Fact]
    public void Resolve_SymbolicSize_TakesTheDataShape()
    {
        var resolved = _resolver.Resolve(Model, [-1, 3, -1, -1], NoMetadata, dataShape: new ImageShape(3, 224, 224));

        Assert.Equal(new ImageShape(3, 224, 224), resolved.Card.Input);
    }

    [Fact]
    public void Resolve_BrokenSidecarJson_NamesTheFile()
    {
        var sidecar = Path.ChangeExtension(Model, ".json");
        File.WriteAllText(sidecar, "{ mean: ");

        var error = Assert.Throws<CloudFreqException>(() => _resolver.Resolve(Model, Nchw1x3x32, NoMetadata));

        Assert.Contains(sidecar, error.Message, StringComparison.Ordinal);
    }
}
