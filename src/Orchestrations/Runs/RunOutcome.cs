using CloudFreq.Core.Reports;

namespace CloudFreq.Orchestrations.Runs;

/// <summary>What a finished run produced: the report and the names of the files written.</summary>
/// <param name="ResumedItems">Items whose results were already stored and were not recomputed.</param>
public sealed record RunOutcome(RunReport Report, IReadOnlyList<string> ReportFiles, int ComputedItems, int ResumedItems);
