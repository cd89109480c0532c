using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed class ReportWriterTests
{
    private readonly ReportWriter _writer = new(new ResultsCsvWriter(), new ReportJsonWriter(), new ReportHtmlWriter());

    [Fact]
    public void Write_NewFolder_ProducesThreeFilesAndNoTempFiles()
    {
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "run-42", "report");

        var files = _writer.Write(ReportSamples.Report(), target);

        Assert.Equal(Path.Combine(target, "results.csv"), files.ResultsCsv);
        Assert.Equal(Path.Combine(target, "report.json"), files.ReportJson);
        Assert.Equal(Path.Combine(target, "report.html"), files.ReportHtml);
        Assert.Equal(
            ["report.html", "report.json", "results.csv"],
            Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(ReportSamples.Rows(), new ResultsCsvReader().Read(files.ResultsCsv));
        Assert.Equal("run-42", new ReportJsonReader().Read(files.ReportJson).RunId);
        Assert.Contains("<caption>Summary: cifar10</caption>", File.ReadAllText(files.ReportHtml), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ExistingFiles_ReplacesThem()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "results.csv"), "stale content that is longer than nothing at all, surely");

        var files = _writer.Write(ReportSamples.Report(rows: []), folder.Path);

        Assert.Equal("dataset,model,analysis,condition,metric,value,n\n", File.ReadAllText(files.ResultsCsv));
        Assert.Equal(3, Directory.GetFileSystemEntries(folder.Path).Length);
    }

    [Fact]
    public void Write_FailingWriter_LeavesNoTempFileAndKeepsOldFile()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(path, "old");
        var broken = ReportSamples.Report() with { Spec = null! };

        Assert.ThrowsAny<Exception>(() => new ReportJsonWriter().Write(path, broken));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["report.json"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }
}
