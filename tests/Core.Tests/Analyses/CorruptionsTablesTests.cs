using System.Text.Json;
using CloudFreq.Core.Analyses;
using CloudFreq.Core.Corruptions;

namespace CloudFreq.Core.Tests.Analyses;

/// <summary>The corruptions analysis's 'tables' parameter: validation, and its place in the run's identity.</summary>
public class CorruptionsTablesTests
{
    private const string Where = "suite.json: analyses[3] (corruptions)";

    private static readonly CorruptionCatalog Catalog = DefaultCorruptions.Create();

    private static CorruptionsAnalysis Analysis(string entry) =>
        new(CorruptionsOptions.From(new AnalysisParameters(JsonDocument.Parse(entry).RootElement.Clone(), Where), Catalog.Names), Catalog);

    [Fact]
    public void Parameters_NoTables_HaveNoTablesField()
    {
        var parameters = Analysis("""{"name": "corruptions"}""").Parameters;

        Assert.False(parameters.ContainsKey("tables"));
    }

    [Fact]
    public void Parameters_WithTable_RecordTheOverride()
    {
        var parameters = Analysis("""{"name": "corruptions", "tables": {"contrast": {"cifar10-c": [1, 1, 1, 1, 1]}}}""").Parameters;

        Assert.Equal("""{"contrast":{"cifar10-c":[1,1,1,1,1]}}""", parameters["tables"]!.ToJsonString());
    }

    [Fact]
    public void Parameters_SuitesDifferingOnlyInATable_Differ()
    {
        var a = Analysis("""{"name": "corruptions", "tables": {"contrast": {"cifar10-c": [1, 1, 1, 1, 1]}}}""").Parameters.ToJsonString();
        var b = Analysis("""{"name": "corruptions", "tables": {"contrast": {"cifar10-c": [1, 1, 1, 1, 0.9]}}}""").Parameters.ToJsonString();
        var none = Analysis("""{"name": "corruptions"}""").Parameters.ToJsonString();

        Assert.NotEqual(a, b);
        Assert.NotEqual(a, none);
    }

    [Fact]
    public void Parameters_TableKeyOrder_DoesNotMatter()
    {
        var a = Analysis("""{"name": "corruptions", "tables": {"contrast": {"cifar10-c": [1, 1, 1, 1, 1]}, "fog": {"cifar10-c": [[0, 1], [0, 1], [0, 1], [0, 1], [0, 1]]}}}""");
        var b = Analysis("""{"name": "corruptions", "tables": {"fog": {"cifar10-c": [[0, 1], [0, 1], [0, 1], [0, 1], [0, 1]]}, "contrast": {"cifar10-c": [1, 1, 1, 1, 1]}}}""");

        Assert.Equal(a.Parameters.ToJsonString(), b.Parameters.ToJsonString());
    }

    [Fact]
    public void From_UnknownCorruptionInTables_ThrowsWithTheKnownList()
    {
        var error = Assert.Throws<CloudFreqException>(() => Analysis("""{"name": "corruptions", "tables": {"gausian_noise": {"cifar10-c": [0, 0, 0, 0, 0]}}}"""));

        Assert.Contains($"{Where}: tables.gausian_noise: unknown corruption 'gausian_noise'; known: gaussian_noise,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TablesNotAnObject_Throws()
    {
        var error = Assert.Throws<CloudFreqException>(() => Analysis("""{"name": "corruptions", "tables": [1]}"""));

        Assert.Contains($"{Where}: field 'tables' must be an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadTable_ThrowsNamingTheFullPath()
    {
        var error = Assert.Throws<CloudFreqException>(() => Analysis("""{"name": "corruptions", "tables": {"gaussian_noise": {"imagenet-c": [0.1, 0.2, -1, 0.3, 0.4]}}}"""));

        Assert.StartsWith($"{Where}: tables.gaussian_noise.imagenet-c[2]: sigma must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TablesAndATypo_StillRejectsTheUnknownField()
    {
        var error = Assert.Throws<CloudFreqException>(() => Analysis("""{"name": "corruptions", "tables": {}, "table": {}}"""));

        Assert.Contains("unknown field 'table'", error.Message, StringComparison.Ordinal);
    }
}
