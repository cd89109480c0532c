using System.Text;
using CloudFreq.Core.Reports;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>
/// Writes a run's report files (results.csv, report.json, report.html) into its blob store, so the
/// local folder and a blob container receive the same files.
/// </summary>
public sealed class ReportPublisher(ResultsCsvWriter csv, ReportJsonWriter json, ReportHtmlWriter html)
{
    public const string CsvName = ReportWriter.ResultsCsvFileName;
    public const string JsonName = ReportWriter.ReportJsonFileName;
    public const string HtmlName = ReportWriter.ReportHtmlFileName;

    public ReportPublisher()
        : this(new ResultsCsvWriter(), new ReportJsonWriter(), new ReportHtmlWriter())
    {
    }

    /// <returns>Where each file went, as the store describes it.</returns>
    public async Task<IReadOnlyList<string>> WriteAsync(RunReport report, IBlobStore store, CancellationToken cancellationToken)
    {
        var files = new (string Name, string Content)[]
        {
            (CsvName, csv.WriteToString(report.Rows)),
            (JsonName, json.WriteToString(report)),
            (HtmlName, html.WriteToString(report)),
        };
        foreach (var (name, content) in files)
        {
            await store.WriteAsync(name, Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
        }

        return [.. files.Select(f => store.Describe(f.Name))];
    }
}
