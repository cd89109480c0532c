using System.Text.Json;
using CloudFreq.Core.Tests;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>
/// The foundation's acceptance check: every model in ../shared/models/models.json reaches its
/// measured top-1 accuracy within 0.3 points on the full test set, through the whole pipeline
/// (dataset reader, card from the catalog, batching decision, scoring, summary).
/// </summary>
public class SharedModelAccuracyTests
{
    private const double Tolerance = 0.003;

    public static TheoryData<string> Datasets => ["cifar10", "mnist"];

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Evaluate_FullTestSet_ReproducesCatalogAccuracy(string dataset)
    {
        var catalog = SharedData.Path("models", "models.json");
        using var document = JsonDocument.Parse(File.ReadAllText(catalog));
        var entries = document.RootElement.GetProperty("models").EnumerateArray()
            .Where(e => e.GetProperty("dataset").GetString() == dataset)
            .Select(e => (File: e.GetProperty("file").GetString()!, Expected: e.GetProperty("expectedAccuracy").GetDouble()))
            .ToList();
        Assert.NotEmpty(entries);
        var data = dataset == "cifar10" ? SharedData.Path("data", "cifar10-test") : SharedData.Path("data", "mnist");
        using var harness = new RunHarness();

        var outcome = await harness.RunAsync(RunHarness.Spec(data, models: [.. entries.Select(e => SharedData.Path("models", e.File))]));

        Assert.Empty(outcome.Report.Errors);
        foreach (var (file, expected) in entries)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var row = Assert.Single(outcome.Report.Rows, r => r.Model == name && r.Metric == "accuracy" && r.Condition.Length == 0);
            Assert.Equal(10_000, row.N);
            Assert.True(
                Math.Abs(row.Value!.Value - expected) <= Tolerance,
                $"{name}: measured {row.Value:F4}, catalog {expected:F4}");
        }
    }
}
