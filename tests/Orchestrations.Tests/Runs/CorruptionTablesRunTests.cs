using CloudFreq.Core.Data;
using CloudFreq.Core.Reports;
using CloudFreq.Core.Scoring;
using CloudFreq.Core.Tests;
using CloudFreq.Orchestrations.Runs;

namespace CloudFreq.Orchestrations.Tests.Runs;

/// <summary>A custom corruption table from the suite file, end to end on MNIST.</summary>
public sealed class CorruptionTablesRunTests : IDisposable
{
    private static readonly string Mnist = SharedData.Path("data", "mnist");
    private static readonly string Model = SharedData.Path("models", "mnist", "Convnet_maxpool.onnx");
    private readonly string _suite = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_suite);

    private async Task<IReadOnlyList<ResultRow>> RunAsync(string suiteJson, int limit)
    {
        await File.WriteAllTextAsync(_suite, suiteJson);
        using var harness = new RunHarness(new ExecutionSettings { Scoring = new ScoringOptions { BatchSize = 64 } });
        var spec = RunHarness.Spec(Mnist, new DatasetOptions { Limit = limit }, 1000, Model) with { Suite = _suite };
        var outcome = await harness.RunAsync(spec);
        Assert.Empty(outcome.Report.Errors);
        return outcome.Report.Rows;
    }

    private static double Value(IReadOnlyList<ResultRow> rows, string condition) =>
        rows.Single(r => r.Analysis == "corruptions" && r.Condition == condition && r.Metric == "accuracy").Value!.Value;

    [Fact]
    public async Task Corruptions_ContrastFactorOneTable_GivesTheCleanAccuracy()
    {
        var rows = await RunAsync(
            """{"analyses": [{"name": "corruptions", "corruptions": ["contrast"], "severities": [1], "tables": {"contrast": {"cifar10-c": [1, 1, 1, 1, 1]}}}]}""",
            limit: 200);

        Assert.Equal(Value(rows, string.Empty), Value(rows, "corruption=contrast;severity=1"), 6);
    }

    [Fact]
    public async Task Corruptions_NearZeroContrastTable_IsBelowClean()
    {
        // The control: a table that does change the images lowers the accuracy, so the test above can fail.
        var rows = await RunAsync(
            """{"analyses": [{"name": "corruptions", "corruptions": ["contrast"], "severities": [5], "tables": {"contrast": {"cifar10-c": [1, 1, 1, 1, 0.02]}}}]}""",
            limit: 200);

        Assert.True(Value(rows, "corruption=contrast;severity=5") < Value(rows, string.Empty) - 0.05);
    }

    [Fact]
    public async Task Corruptions_BadTable_IsRejectedWithItsPath()
    {
        var error = await Assert.ThrowsAsync<CloudFreq.Core.CloudFreqException>(() => RunAsync(
            """{"analyses": [{"name": "corruptions", "tables": {"contrast": {"cifar10-c": [1, 1, 1, 1]}}}]}""",
            limit: 10));

        Assert.Contains("analyses[0] (corruptions): tables.contrast.cifar10-c: must be an array of exactly 5 severities", error.Message, StringComparison.Ordinal);
    }
}
