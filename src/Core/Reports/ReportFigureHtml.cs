using System.Globalization;
using System.Text;

namespace CloudFreq.Core.Reports;

/// <summary>
/// The figure sections of report.html: one section per figure section (analysis) in first-seen order,
/// each figure a <c>&lt;figure&gt;</c> with its PNG inline as a data URI (the page stays one file),
/// its alt text and caption, and its numbers as a table (collapsed when long).
/// </summary>
internal sealed class ReportFigureHtml(ReportHtmlOptions options)
{
    private const string SectionIdPrefix = "figures-";

    /// <summary>Section ids and headings, in page order.</summary>
    public static IReadOnlyList<(string Id, string Heading)> Sections(RunReport report) =>
        report.Figures
            .Select(figure => figure.Section)
            .Distinct(StringComparer.Ordinal)
            .Select(section => (SectionId(section), Heading(section)))
            .ToList();

    public void Write(StringBuilder html, RunReport report)
    {
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (sectionId, heading) in Sections(report))
        {
            html.Append("<section id=\"").Append(sectionId).Append("\" aria-labelledby=\"").Append(sectionId).Append("-heading\">\n")
                .Append("<h2 id=\"").Append(sectionId).Append("-heading\">").Append(HtmlFormat.Text(heading)).Append("</h2>\n");
            foreach (var figure in report.Figures.Where(figure => SectionId(figure.Section) == sectionId))
            {
                WriteFigure(html, figure, UniqueId(usedIds, "figure-" + (FigureText.Slug(figure.Id) is { Length: > 0 } slug ? slug : "unnamed")));
            }

            html.Append("</section>\n");
        }
    }

    private static string SectionId(string section) =>
        SectionIdPrefix + (FigureText.Slug(section) is { Length: > 0 } slug ? slug : "other");

    private static string Heading(string section) => section switch
    {
        ReportFigureBuilder.FrequencySweepAnalysis => "Frequency sweeps",
        ReportFigureBuilder.HybridAnalysis => "Hybrid images",
        ReportFigureBuilder.CorruptionsAnalysis => "Common corruptions",
        ReportFigureBuilder.NoiseAnalysis => "Additive noise",
        ReportFigureBuilder.AttackAnalysis => "Adversarial attacks",
        ReportFigureBuilder.MinPerturbationAnalysis => "Minimal adversarial perturbations",
        ReportFigureBuilder.BlurDefenseAnalysis => "Blur defense",
        ReportFigureBuilder.FourierHeatmapAnalysis => "Fourier heat maps",
        _ => section,
    };

    private static string UniqueId(HashSet<string> used, string id)
    {
        var unique = id;
        for (var suffix = 2; !used.Add(unique); suffix++)
        {
            unique = id + "-" + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    private void WriteFigure(StringBuilder html, ReportFigure figure, string id)
    {
        html.Append("<h3 id=\"").Append(id).Append("-heading\">").Append(HtmlFormat.Text(figure.Title)).Append("</h3>\n")
            .Append("<figure id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-heading\">\n")
            .Append("<img src=\"data:image/png;base64,").Append(Convert.ToBase64String(figure.Png)).Append('"')
            .Append(" width=\"").Append(figure.Width.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" height=\"").Append(figure.Height.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" alt=\"").Append(HtmlFormat.Text(figure.AltText)).Append("\">\n")
            .Append("<figcaption>").Append(HtmlFormat.Text(figure.Caption)).Append("</figcaption>\n")
            .Append("</figure>\n");
        if (figure.Table is { } table)
        {
            WriteTable(html, figure, table);
        }
    }

    private void WriteTable(StringBuilder html, ReportFigure figure, ReportFigureTable table)
    {
        var collapse = table.Rows.Count > options.MaxExpandedFigureRows || table.Columns.Count > options.MaxExpandedFigureColumns;
        if (collapse)
        {
            html.Append("<details><summary>Data: ").Append(HtmlFormat.Count(table.Rows.Count))
                .Append(table.Rows.Count == 1 ? " row" : " rows").Append("</summary>\n");
        }

        // Right-align columns of numbers only; a text column such as the group stays left-aligned.
        var numeric = Enumerable.Range(0, table.Columns.Count)
            .Select(column => column > 0 && table.Rows.All(row => column >= row.Count || IsNumberCell(row[column])))
            .ToList();
        html.Append("<div class=\"scroll\"><table class=\"figure-data\">\n<caption>Data: ").Append(HtmlFormat.Text(figure.Title))
            .Append("</caption>\n<thead><tr>");
        for (var column = 0; column < table.Columns.Count; column++)
        {
            html.Append("<th scope=\"col\"").Append(numeric[column] ? " class=\"num\"" : string.Empty).Append('>')
                .Append(HtmlFormat.Text(table.Columns[column])).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var column = 0; column < row.Count; column++)
            {
                var cell = Cell(row[column]);
                html.Append(column == 0
                    ? "<th scope=\"row\">" + cell + "</th>"
                    : (column < numeric.Count && numeric[column] ? "<td class=\"num\">" : "<td>") + cell + "</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
        if (collapse)
        {
            html.Append("</details>\n");
        }
    }

    private static bool IsNumberCell(string text) =>
        text.Length == 0 || text == ReportFigureTable.None || FigureText.ParseNumber(text) is not null;

    private static string Cell(string text) => text switch
    {
        ReportFigureTable.None => HtmlFormat.None,
        "" => HtmlFormat.NotMeasured,
        _ => HtmlFormat.Text(text),
    };
}
