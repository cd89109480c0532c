namespace CloudFreq.Core.Reports;

/// <summary>
/// The numbers behind a figure as plain text cells, so they sit next to the plot for screen readers
/// and for copying. A cell <c>none</c> is an undefined value (null in the rows); an empty cell is a
/// value that was never measured.
/// </summary>
/// <param name="Columns">Column headers; the first column names the row (usually the model).</param>
/// <param name="Rows">One list of cells per row, as many as there are columns.</param>
public sealed record ReportFigureTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The cell text of an undefined value.</summary>
    public const string None = "none";
}
