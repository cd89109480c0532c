namespace CloudFreq.Core.Reports;

/// <summary>Limits that keep report.html readable for datasets with many classes or runs with many rows.</summary>
public sealed record ReportHtmlOptions
{
    /// <summary>Confusion matrices with more classes are left out of the HTML (report.json has them).</summary>
    public int MaxConfusionClasses { get; init; } = 50;

    /// <summary>Tables with more rows start collapsed in a &lt;details&gt; element.</summary>
    public int MaxExpandedRows { get; init; } = 200;

    /// <summary>Figure data tables with more rows start collapsed.</summary>
    public int MaxExpandedFigureRows { get; init; } = 12;

    /// <summary>Figure data tables with more columns start collapsed (a sweep over many cutoffs is wide).</summary>
    public int MaxExpandedFigureColumns { get; init; } = 14;
}
