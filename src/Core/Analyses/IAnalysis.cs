using System.Text.Json.Nodes;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Analyses;

/// <summary>
/// One analysis of DESIGN.md section 4: how it splits a dataset into work items, what a work
/// item computes, and how the merged partials become result rows.
/// </summary>
public interface IAnalysis
{
    /// <summary>The name in suites, item ids and the <c>analysis</c> column.</summary>
    string Name { get; }

    /// <summary>The analysis's parameters after defaults, as recorded in the run and its fingerprint.</summary>
    JsonObject Parameters { get; }

    /// <summary>Plans the items of one dataset; deterministic for the same dataset listing and seed.</summary>
    IReadOnlyList<AnalysisItem> Plan(AnalysisPlanContext context);

    /// <summary>
    /// The model passes <see cref="Execute"/> spends on <paramref name="item"/>, counted without running
    /// it (<c>cloudfreq evaluate --dry-run</c>); tests hold it equal to the executor's calls.
    /// </summary>
    ItemCost Cost(AnalysisItem item, AnalysisCostContext context);

    /// <summary>Computes the partial result of one work item.</summary>
    AnalysisPartial Execute(AnalysisInput input, CancellationToken cancellationToken = default);

    /// <summary>Turns the merged partial of one dataset x model into rows (and extra report content).</summary>
    AnalysisSummary Summarize(AnalysisPartial merged, AnalysisSubject subject);
}

/// <summary>The dataset and model a summary is about.</summary>
/// <param name="ClassNames">The dataset's class names; their count sets the chance level.</param>
public sealed record AnalysisSubject(string Dataset, string Model, IReadOnlyList<string> ClassNames);

/// <summary>Rows and confusion matrices an analysis contributes to the report.</summary>
public sealed record AnalysisSummary(IReadOnlyList<ResultRow> Rows, IReadOnlyList<ConfusionMatrix> Confusions);
