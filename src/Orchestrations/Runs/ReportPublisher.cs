using CloudFreq.Core.Reports;
using CloudFreq.Orchestrations.Ports;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>Writes a run's report files (results.csv, report.json, report.html) into its blob store.</summary>
public sealed class ReportPublisher
{
    public const string CsvName = "results.csv";
    public const string JsonName = "report.json";
    public const string HtmlName = "report.html";

    public Task<IReadOnlyList<string>> WriteAsync(RunReport report, IBlobStore store, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
