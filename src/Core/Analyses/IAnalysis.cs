using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// One analysis of DESIGN.md section 4: what a work item computes, and how the merged partials
/// become result rows.
/// </summary>
public interface IAnalysis
{
    /// <summary>The name in specs, item ids and the <c>analysis</c> column.</summary>
    string Name { get; }

    /// <summary>Computes the partial result of one work item.</summary>
    AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default);

    /// <summary>Turns the merged partial of one dataset x model into rows (and extra report content).</summary>
    AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject);
}

/// <summary>The dataset and model a summary is about.</summary>
public sealed record AnalysisSubject(string Dataset, string Model, IReadOnlyList<string> ClassNames);

/// <summary>Rows and confusion matrices an analysis contributes to the report.</summary>
public sealed record AnalysisSummary(IReadOnlyList<ResultRow> Rows, IReadOnlyList<ConfusionMatrix> Confusions);
