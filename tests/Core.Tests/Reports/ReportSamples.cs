using System.Text.Json.Nodes;
using CloudFreq.Core.Imaging;
using CloudFreq.Core.Models;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

/// <summary>Small reports for the writer tests: two models on one dataset, with per-class rows and a confusion matrix.</summary>
internal static class ReportSamples
{
    public static ResultRow[] Rows() =>
    [
        new("cifar10", "resnet", "clean", "", "accuracy", 0.9125, 800),
        new("cifar10", "resnet", "clean", "", "top5_accuracy", 0.995, 800),
        new("cifar10", "robust", "clean", "", "accuracy", 0.75, 800),
        new("cifar10", "resnet", "clean", "class=cat", "accuracy", 0.8, 400),
        new("cifar10", "resnet", "clean", "class=dog", "accuracy", 0.5, 400),
        new("cifar10", "resnet", "hybrid", "alpha=0.33;seed=2", "f_rev", null, 800),
        new("cifar10", "resnet", "filters", "filter=lowpass;shape=ideal;cutoff=0.25", "accuracy", 1e-5, 800),
    ];

    public static ModelCard Card(string name, string? group = "base") => new()
    {
        Name = name,
        Layout = TensorLayout.Nhwc,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
        Input = new ImageShape(3, 32, 32),
        ClassNames = ["cat", "dog"],
        Group = group,
        Training = "standard",
        Dataset = "CIFAR-10",
        ExpectedAccuracy = 0.93,
        Source = CardSource.Catalog,
    };

    public static RunReport Report(IReadOnlyList<ResultRow>? rows = null, string resnetName = "resnet") => new()
    {
        Tool = "cloudfreq 0.1.0",
        RunId = "run-42",
        CreatedTime = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero),
        CompletedTime = new DateTimeOffset(2025, 3, 1, 10, 5, 30, TimeSpan.Zero),
        Spec = JsonNode.Parse("""{"datasets":["cifar10"],"models":["resnet","robust"],"analyses":["clean"],"note":"a<b"}""")!,
        Datasets = [new ReportDataset("cifar10", "/data/cifar10", "cifar-binary", 800, ["cat", "dog"], "3x32x32", 1, 0)],
        Models =
        [
            new ReportModel(resnetName, "/models/resnet.onnx", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Card(resnetName), "batch 64 (dynamic)", []),
            new ReportModel("robust", "https://example.blob/robust.onnx", "fedcba9876543210", Card("robust", group: null) with { Source = CardSource.Defaults, ExpectedAccuracy = null }, "batch 1 (fixed)", ["no card: mean 0 / std 1"]),
        ],
        Rows = rows ?? Rows(),
        Confusions = [new ConfusionMatrix("cifar10", resnetName, ["cat", "dog"], [[320, 80], [200, 200]])],
        Timings = new ReportTimings(330.5, [new ModelTiming("cifar10", resnetName, 800, 4, 200), new ModelTiming("cifar10", "robust", 800, 0, double.PositiveInfinity)]),
    };
}
