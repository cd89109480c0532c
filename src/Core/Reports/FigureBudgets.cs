using System.Globalization;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Attack budgets as figures show them: "k/255" for budgets that are whole 255ths (as L-inf budgets are
/// usually quoted), else the number. The same rule as the analyses' budget labels, kept here so that
/// the reports do not depend on the analyses.
/// </summary>
internal static class FigureBudgets
{
    /// <summary>"k/255" for budgets that are a whole number (at least 1) of 255ths, else the number (up to four decimals); "0" for zero.</summary>
    public static string Label(double budget)
    {
        if (!double.IsFinite(budget))
        {
            return ReportFigureTable.None;
        }

        var levels = budget * 255;
        return Math.Abs(levels - Math.Round(levels)) < 1e-9 && levels >= 1
            ? $"{Math.Round(levels).ToString(CultureInfo.InvariantCulture)}/255"
            : budget.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>The norm as figures name it: L-inf, L2, or the name as given.</summary>
    public static string NormLabel(string norm) => norm switch
    {
        "linf" => "L-inf",
        "l2" => "L2",
        _ => norm,
    };

    /// <summary>Sort rank of a norm: L-inf first, then L2, then any other.</summary>
    public static int NormRank(string norm) => norm switch
    {
        "linf" => 0,
        "l2" => 1,
        _ => 2,
    };
}
