namespace CloudFreq.Core.Reports;

/// <summary>
/// Writes the three report files of a run into one folder. Each file is replaced atomically
/// (temp file in the same folder, then a rename), so a reader never sees a partial file; the
/// three are not one transaction, and report.html goes last because it is only a view of the others.
/// </summary>
public sealed class ReportWriter : IReportWriter
{
    public const string ResultsCsvFileName = "results.csv";
    public const string ReportJsonFileName = "report.json";
    public const string ReportHtmlFileName = "report.html";

    private readonly ResultsCsvWriter _csv;
    private readonly ReportJsonWriter _json;
    private readonly ReportHtmlWriter _html;

    public ReportWriter(ResultsCsvWriter csv, ReportJsonWriter json, ReportHtmlWriter html)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(html);
        _csv = csv;
        _json = json;
        _html = html;
    }

    /// <inheritdoc />
    public ReportFiles Write(RunReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var fullFolder = Path.GetFullPath(folder);
        Directory.CreateDirectory(fullFolder);
        var files = new ReportFiles(
            Path.Combine(fullFolder, ResultsCsvFileName),
            Path.Combine(fullFolder, ReportJsonFileName),
            Path.Combine(fullFolder, ReportHtmlFileName));
        _csv.Write(files.ResultsCsv, report.Rows);
        _json.Write(files.ReportJson, report);
        _html.Write(files.ReportHtml, report);
        return files;
    }
}
