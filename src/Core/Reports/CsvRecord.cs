namespace CloudFreq.Core.Reports;

/// <summary>One parsed CSV record and the (1-based) line it starts on.</summary>
internal readonly record struct CsvRecord(int Line, List<string> Fields);
