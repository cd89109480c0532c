using CloudFreq.Core.Data;
using CloudFreq.Core.Models;
using CloudFreq.Orchestrations.Cloud;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>The one structural validator of run specs, called directly (no storage, no host).</summary>
public class RunSpecValidatorTests
{
    private static RunSpec Valid() => new()
    {
        Datasets = [new DatasetSpec { Path = "datasets/cifar500", Name = "cifar", Options = new DatasetOptions { Resize = 36, Crop = 32, Limit = 10, ClassNames = ["a", "b"] } }],
        Models = [new ModelSpec
        {
            Path = "models/resnet.onnx",
            Card = new ModelCardFields { Layout = TensorLayout.Nchw, Mean = [0.5f, 0.5f, 0.5f], Std = [0.25f, 0.25f, 0.25f], Input = [-1, 3, 32, 32], ExpectedAccuracy = 0.9 },
        }],
        Suite = "clean",
        ItemSize = 100,
        Catalog = "models/models.json",
    };

    // Each breakage of a valid spec and the field it must be reported at.
    private static readonly Dictionary<string, (string Field, Func<RunSpec, RunSpec> Break)> Broken = new(StringComparer.Ordinal)
    {
        ["no datasets"] = ("datasets", s => s with { Datasets = [] }),
        ["null datasets"] = ("datasets", s => s with { Datasets = null! }),
        ["65 datasets"] = ("datasets", s => s with { Datasets = [.. Enumerable.Range(0, RunSpecValidator.MaxDatasets + 1).Select(i => new DatasetSpec { Path = $"datasets/d{i}" })] }),
        ["no models"] = ("models", s => s with { Models = [] }),
        ["65 models"] = ("models", s => s with { Models = [.. Enumerable.Range(0, RunSpecValidator.MaxModels + 1).Select(i => new ModelSpec { Path = $"models/m{i}.onnx" })] }),
        ["null dataset"] = ("datasets[1]", s => s with { Datasets = [s.Datasets[0], null!] }),
        ["dataset .."] = ("datasets[0].path", s => s with { Datasets = [new DatasetSpec { Path = "datasets/../secret" }] }),
        ["dataset absolute"] = ("datasets[0].path", s => s with { Datasets = [new DatasetSpec { Path = "/datasets/a" }] }),
        ["dataset scheme"] = ("datasets[0].path", s => s with { Datasets = [new DatasetSpec { Path = "https://x/datasets/a" }] }),
        ["dataset blank"] = ("datasets[0].path", s => s with { Datasets = [new DatasetSpec { Path = "  " }] }),
        ["dataset long"] = ("datasets[0].path", s => s with { Datasets = [new DatasetSpec { Path = "datasets/" + new string('a', RunSpecValidator.MaxPathLength) }] }),
        ["dataset name control"] = ("datasets[0].name", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Name = "a\u0001b" }] }),
        ["options null"] = ("datasets[0].options", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = null! }] }),
        ["format"] = ("datasets[0].options.format", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { Format = (DatasetFormat)42 } }] }),
        ["resize"] = ("datasets[0].options.resize", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { Resize = RunSpecValidator.MaxImageSide + 1 } }] }),
        ["crop"] = ("datasets[0].options.crop", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { Crop = 0 } }] }),
        ["offset"] = ("datasets[0].options.offset", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { Offset = -1 } }] }),
        ["limit"] = ("datasets[0].options.limit", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { Limit = 0 } }] }),
        ["class names"] = ("datasets[0].options.classNames", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { ClassNames = ["a", null!] } }] }),
        ["labels file"] = ("datasets[0].options.labelsFile", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { LabelsFile = "../labels.csv" } }] }),
        ["file column"] = ("datasets[0].options.fileColumn", s => s with { Datasets = [new DatasetSpec { Path = "datasets/a", Options = new DatasetOptions { FileColumn = "" } }] }),
        ["model path"] = ("models[1].path", s => s with { Models = [s.Models[0], new ModelSpec { Path = "models\\b.onnx" }] }),
        ["layout"] = ("models[0].card.layout", s => s with { Models = [new ModelSpec { Path = "models/a.onnx", Card = new ModelCardFields { Layout = (TensorLayout)7 } }] }),
        ["mean"] = ("models[0].card.mean", s => s with { Models = [new ModelSpec { Path = "models/a.onnx", Card = new ModelCardFields { Mean = [float.NaN] } }] }),
        ["std"] = ("models[0].card.std", s => s with { Models = [new ModelSpec { Path = "models/a.onnx", Card = new ModelCardFields { Std = [0.5f, 0f] } }] }),
        ["input"] = ("models[0].card.input", s => s with { Models = [new ModelSpec { Path = "models/a.onnx", Card = new ModelCardFields { Input = [1, 0, 32] } }] }),
        ["accuracy"] = ("models[0].card.expectedAccuracy", s => s with { Models = [new ModelSpec { Path = "models/a.onnx", Card = new ModelCardFields { ExpectedAccuracy = 1.5 } }] }),
        ["card group"] = ("models[0].card.group", s => s with { Models = [new ModelSpec { Path = "models/a.onnx", Card = new ModelCardFields { Group = new string('g', RunSpecValidator.MaxNameLength + 1) } }] }),
        ["item size 0"] = ("itemSize", s => s with { ItemSize = 0 }),
        ["item size above max"] = ("itemSize", s => s with { ItemSize = RunSpecValidator.MaxItemSize + 1 }),
        ["suite empty"] = ("suite", s => s with { Suite = "" }),
        ["suite escapes"] = ("suite", s => s with { Suite = "suites/../x.json" }),
        ["suite scheme"] = ("suite", s => s with { Suite = "c:suite" }),
        ["catalog"] = ("catalog", s => s with { Catalog = "models//models.json" }),
    };

    public static TheoryData<string> Breakages => [.. Broken.Keys];

    [Theory]
    [MemberData(nameof(Breakages))]
    public void Invalid_ThrowsNamingTheField(string breakage)
    {
        var (field, broken) = Broken[breakage];
        var error = Assert.Throws<RunSpecException>(() => RunSpecValidator.Validate(broken(Valid())));
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_IsReturnedUnchanged()
    {
        var spec = Valid();
        Assert.Same(spec, RunSpecValidator.Validate(spec));

        // Built-in suite names, suite blobs, the largest item size and card-less models are all fine.
        RunSpecValidator.Validate(spec with { Suite = "paper" });
        RunSpecValidator.Validate(spec with { Suite = "suites/mine.json", Catalog = null });
        RunSpecValidator.Validate(spec with { ItemSize = RunSpecValidator.MaxItemSize, Models = [new ModelSpec { Path = "models/a.onnx" }] });
        RunSpecValidator.Validate(spec with { Models = [.. Enumerable.Range(0, RunSpecValidator.MaxModels).Select(i => new ModelSpec { Path = $"models/m{i}.onnx" })] });
    }

    [Fact]
    public void Messages_SayWhatIsWrong()
    {
        var itemSize = Assert.Throws<RunSpecException>(() => RunSpecValidator.Validate(Valid() with { ItemSize = 2_000_000 }));
        Assert.Equal($"itemSize: must be between 1 and {RunSpecValidator.MaxItemSize}, got 2000000.", itemSize.Message);

        var models = Assert.Throws<RunSpecException>(() => RunSpecValidator.Validate(Broken["65 models"].Break(Valid())));
        Assert.Equal($"models: at most {RunSpecValidator.MaxModels} models per run, got 65.", models.Message);

        var path = Assert.Throws<RunSpecException>(() => RunSpecValidator.Validate(Broken["dataset .."].Break(Valid())));
        Assert.Contains("'datasets/../secret'", path.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>(() => RunSpecValidator.Validate(null!));
    }
}
