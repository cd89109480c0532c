namespace CloudFreq.Core.Reports;

/// <summary>Writes a run's report files into a folder; the summary step depends on this.</summary>
public interface IReportWriter
{
    /// <summary>Writes results.csv, report.json and report.html into <paramref name="folder"/> (created if missing).</summary>
    ReportFiles Write(RunReport report, string folder);
}
