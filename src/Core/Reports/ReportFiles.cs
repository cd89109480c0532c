namespace CloudFreq.Core.Reports;

/// <summary>Full paths of the three report files of a run.</summary>
public sealed record ReportFiles(string ResultsCsv, string ReportJson, string ReportHtml);
