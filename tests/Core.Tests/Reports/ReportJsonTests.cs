using System.Text.Json;
using System.Text.Json.Nodes;
using CloudFreq.Core.Models;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed class ReportJsonTests
{
    private readonly ReportJsonWriter _writer = new();
    private readonly ReportJsonReader _reader = new();

    [Fact]
    public void WriteToString_Report_HasTheCurrentSchemaVersionAsFirstProperty()
    {
        var json = _writer.WriteToString(ReportSamples.Report());

        using var document = JsonDocument.Parse(json);
        var first = document.RootElement.EnumerateObject().First();
        Assert.Equal("schemaVersion", first.Name);
        Assert.Equal(2, first.Value.GetInt32());
        Assert.Equal(RunReport.CurrentSchemaVersion, first.Value.GetInt32());
    }

    [Fact]
    public void ReadFromString_VersionOneReport_StillReads()
    {
        var report = ReportSamples.Report();
        var json = JsonNode.Parse(_writer.WriteToString(report))!;
        json["schemaVersion"] = 1;

        var read = _reader.ReadFromString(json.ToJsonString(), "old/report.json");

        Assert.Equal(1, read.SchemaVersion);
        Assert.Equal(report.Rows, read.Rows);
    }

    [Fact]
    public void WriteToString_Report_UsesCamelCaseIndentedLayoutStringsAndShapeObject()
    {
        var json = _writer.WriteToString(ReportSamples.Report());

        var root = JsonNode.Parse(json)!;
        var card = root["models"]![0]!["card"]!;
        Assert.Equal("NHWC", card["layout"]!.GetValue<string>());
        Assert.Equal("catalog", card["source"]!.GetValue<string>());
        Assert.Equal(3, card["input"]!["channels"]!.GetValue<int>());
        Assert.Equal(32, card["input"]!["height"]!.GetValue<int>());
        Assert.Equal(32, card["input"]!["width"]!.GetValue<int>());
        Assert.Null(card["input"]!["length"]);
        Assert.Equal(0.485f, card["mean"]![0]!.GetValue<float>());
        Assert.Equal("defaults", root["models"]![1]!["card"]!["source"]!.GetValue<string>());
        Assert.Contains("\n  \"runId\": \"run-42\",", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_UndefinedValues_AreNullNeverNaN()
    {
        var rows = new[]
        {
            new ResultRow("d", "m", "hybrid", "seed=0", "f_rev", null, 5),
            new ResultRow("d", "m", "hybrid", "seed=1", "f_rev", double.NaN, 5),
        };

        var json = _writer.WriteToString(ReportSamples.Report(rows));

        var root = JsonNode.Parse(json)!;
        var rowNodes = root["rows"]!.AsArray();
        Assert.True(rowNodes[0]!.AsObject().ContainsKey("value"));
        Assert.Null(rowNodes[0]!["value"]);
        Assert.Null(rowNodes[1]!["value"]);
        Assert.Null(root["timings"]!["models"]![1]!["imagesPerSecond"]); // infinity -> null
        Assert.Null(root["models"]![1]!["card"]!["expectedAccuracy"]);
        Assert.True(root["models"]![1]!["card"]!.AsObject().ContainsKey("group"));
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFromString_WrittenReport_RoundTrips()
    {
        var report = ReportSamples.Report();

        var json = _writer.WriteToString(report);
        var read = _reader.ReadFromString(json, "report.json");

        Assert.Equal(report.SchemaVersion, read.SchemaVersion);
        Assert.Equal(report.Tool, read.Tool);
        Assert.Equal(report.RunId, read.RunId);
        Assert.Equal(report.CreatedTime, read.CreatedTime);
        Assert.Equal(report.CompletedTime, read.CompletedTime);
        Assert.True(JsonNode.DeepEquals(report.Spec, read.Spec));
        Assert.Equal(report.Rows, read.Rows);
        Assert.Equal(report.Models.Count, read.Models.Count);
        for (var i = 0; i < report.Models.Count; i++)
        {
            AssertModelEqual(report.Models[i], read.Models[i]);
        }

        var dataset = Assert.Single(read.Datasets);
        Assert.Equal(report.Datasets[0] with { ClassNames = dataset.ClassNames }, dataset);
        Assert.Equal(report.Datasets[0].ClassNames, dataset.ClassNames);
        var confusion = Assert.Single(read.Confusions);
        Assert.Equal(report.Confusions[0].ClassNames, confusion.ClassNames);
        Assert.Equal(report.Confusions[0].Counts.Select(row => row.ToArray()), confusion.Counts.Select(row => row.ToArray()));
        Assert.Equal(report.Timings.TotalSeconds, read.Timings.TotalSeconds);
        Assert.Equal(report.Timings.Models[0], read.Timings.Models[0]);
        Assert.True(double.IsNaN(read.Timings.Models[1].ImagesPerSecond)); // infinity was written as null
        Assert.Equal(json, _writer.WriteToString(read));
    }

    [Fact]
    public void Read_FileWithErrorsAndWarnings_RoundTripsThem()
    {
        var report = ReportSamples.Report() with
        {
            Errors = [new ReportError("image", "train/cat/1.png", "truncated PNG")],
            Warnings = ["model robust has no card"],
        };
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "report.json");

        _writer.Write(path, report);
        var read = _reader.Read(path);

        Assert.Equal(report.Errors, read.Errors);
        Assert.Equal(report.Warnings, read.Warnings);
    }

    [Fact]
    public void ReadFromString_FutureSchemaVersion_SaysNewerAndToUpdate()
    {
        var json = JsonNode.Parse(_writer.WriteToString(ReportSamples.Report()))!;
        json["schemaVersion"] = RunReport.CurrentSchemaVersion + 1;

        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString(json.ToJsonString(), "out/report.json"));

        Assert.StartsWith("out/report.json:", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {RunReport.CurrentSchemaVersion + 1} is newer", exception.Message, StringComparison.Ordinal);
        Assert.Contains("update CloudFreq", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"runId":"x"}""", "no schemaVersion")]
    [InlineData("""{"schemaVersion":"1"}""", "positive integer")]
    [InlineData("""{"schemaVersion":0}""", "positive integer")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"schemaVersion":1,""", "not valid JSON")]
    public void ReadFromString_BadSchemaVersionOrJson_ThrowsClearError(string json, string expected)
    {
        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString(json, "r.json"));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFromString_MissingRequiredField_NamesIt()
    {
        var json = JsonNode.Parse(_writer.WriteToString(ReportSamples.Report()))!.AsObject();
        json.Remove("runId");

        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString(json.ToJsonString(), "r.json"));

        Assert.Contains("runId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFromString_NullWhereContractHasNone_Throws()
    {
        var json = JsonNode.Parse(_writer.WriteToString(ReportSamples.Report()))!;
        json["rows"]![0]!["model"] = null;

        var exception = Assert.Throws<CloudFreqException>(() => _reader.ReadFromString(json.ToJsonString(), "r.json"));

        Assert.Contains("model", exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertModelEqual(ReportModel expected, ReportModel actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Uri, actual.Uri);
        Assert.Equal(expected.Sha256, actual.Sha256);
        Assert.Equal(expected.Batching, actual.Batching);
        Assert.Equal(expected.Warnings, actual.Warnings);
        AssertCardEqual(expected.Card, actual.Card);
    }

    private static void AssertCardEqual(ModelCard expected, ModelCard actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Layout, actual.Layout);
        Assert.Equal(expected.Mean, actual.Mean);
        Assert.Equal(expected.Std, actual.Std);
        Assert.Equal(expected.Input, actual.Input);
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.Group, actual.Group);
        Assert.Equal(expected.Training, actual.Training);
        Assert.Equal(expected.Dataset, actual.Dataset);
        Assert.Equal(expected.ExpectedAccuracy, actual.ExpectedAccuracy);
        Assert.Equal(expected.Source, actual.Source);
    }
}
