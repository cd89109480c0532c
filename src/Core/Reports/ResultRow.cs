namespace CloudFreq.Core.Reports;

/// <summary>
/// One tidy row of the results contract (DESIGN.md section 5):
/// <c>dataset, model, analysis, condition, metric, value, n</c>.
/// </summary>
/// <param name="Condition"><c>key=value</c> pairs joined by <c>;</c> in a fixed key order; empty for none.</param>
/// <param name="Value">A fraction or number; null when undefined (for example an f_rev that never crosses).</param>
/// <param name="N">Number of images behind the value.</param>
public sealed record ResultRow(
    string Dataset,
    string Model,
    string Analysis,
    string Condition,
    string Metric,
    double? Value,
    long N);
