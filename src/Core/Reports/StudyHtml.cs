using System.Globalization;
using System.Text;
using CloudFreq.Core.Reports.Fonts;
using CloudFreq.Core.Study;
using ScottPlot;

namespace CloudFreq.Core.Reports;

/// <summary>
/// The study section of report.html (first on the page): per dataset the overall verdict, a table of every
/// model's measures with the group means, a paragraph per measure pair written from its numbers, the
/// correlation table, and a scatter plot of each frequency measure against each robustness measure (groups in
/// Okabe-Ito colours with distinct markers, least-squares line) with its numbers in a table beside it; then
/// the Fourier heat maps side by side when the report has them (figures of section
/// <see cref="FourierHeatmapSection"/>). Computed from the rows with <see cref="StudyCalculator"/>, so it
/// is the same for a run and for a report read back or merged.
/// </summary>
internal sealed class StudyHtml
{
    /// <summary>The section id.</summary>
    public const string SectionId = "study";

    /// <summary>The figure section of the Fourier heat maps, placed in the study section.</summary>
    public const string FourierHeatmapSection = "fourier-heatmap";

    public const string Css = """
        .study-grid { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; align-items: flex-start; }
        .study-plot { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-start; border-top: 1px solid #e3e7ec; padding-top: .5rem; }
        .study-plot figure { margin: 0; max-width: 540px; }
        nav ul ul { display: inline-flex; margin: 0 0 0 .4rem; }
        .study-verdict { max-width: 60rem; }
        .heatmaps { display: flex; flex-wrap: wrap; gap: 1rem; }
        .heatmaps figure { max-width: 30rem; }
        """;

    private const int PlotWidth = 520;
    private const int PlotHeight = 380;

    /// <summary>Whether the report gets a study section: a study of some dataset, or Fourier heat maps.</summary>
    public static bool HasSection(RunReport report, IReadOnlyList<StudyDataset> studies) =>
        studies.Count > 0 || report.Figures.Any(IsHeatmap);

    public static bool IsHeatmap(ReportFigure figure) => figure.Section == FourierHeatmapSection;

    /// <summary>Sub-section ids and headings for the table of contents.</summary>
    public static IReadOnlyList<(string Id, string Heading)> SubSections(RunReport report, IReadOnlyList<StudyDataset> studies)
    {
        var list = studies.Select(s => (DatasetId(s.Dataset), "Study: " + s.Dataset)).ToList();
        if (report.Figures.Any(IsHeatmap))
        {
            list.Add(("study-fourier-heatmaps", "Fourier heat maps"));
        }

        return list;
    }

    public void Write(StringBuilder html, RunReport report, IReadOnlyList<StudyDataset> studies)
    {
        html.Append("<section id=\"").Append(SectionId).Append("\" aria-labelledby=\"study-heading\">\n")
            .Append("<h2 id=\"study-heading\">Study: frequency preference and robustness across models</h2>\n")
            .Append("<p class=\"note study-verdict\">Per dataset, never pooled across datasets. Frequency measures (fractions of Nyquist): ")
            .Append("f_rev (hybrid images), the ideal low- and high-pass sweeps' half-way cutoffs and f0.5 (minimal perturbations); for each, ")
            .Append("<strong>lower = a stronger low-frequency preference</strong>. Robustness measures: clean, mean corruption and robust accuracy, ")
            .Append("each noise family's level_half (the noise level at which accuracy falls half-way to chance) and the blur defense's gain; higher = more robust. The study's claim predicts negative correlations. Groups come from the model cards: ")
            .Append("group <code>base</code> = standard, any other group = robust. p-values: permutation tests (exact up to 8 models); ")
            .Append("95% bootstrap intervals from 8 models on.</p>\n");
        foreach (var study in studies)
        {
            WriteDataset(html, report, study);
        }

        var heatmaps = report.Figures.Where(IsHeatmap).ToList();
        if (heatmaps.Count > 0)
        {
            html.Append("<h3 id=\"study-fourier-heatmaps\">Fourier heat maps</h3>\n<div class=\"heatmaps\">\n");
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var figure in heatmaps)
            {
                WriteFigure(html, figure, FigureText.UniqueId(used, "figure-" + (FigureText.Slug(figure.Id) is { Length: > 0 } slug ? slug : "unnamed")));
            }

            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static string DatasetId(string dataset) => "study-" + (FigureText.Slug(dataset) is { Length: > 0 } slug ? slug : "dataset");

    private static void WriteDataset(StringBuilder html, RunReport report, StudyDataset study)
    {
        var id = DatasetId(study.Dataset);
        html.Append("<h3 id=\"").Append(id).Append("\">").Append(HtmlFormat.Text(study.Dataset)).Append("</h3>\n")
            .Append("<p class=\"study-verdict\"><strong>").Append(HtmlFormat.Text(StudyVerdicts.Overall(study))).Append("</strong></p>\n");

        // Every model's measures, with the group means below.
        html.Append("<div class=\"scroll\"><table class=\"figure-data\">\n<caption>Study measures: ").Append(HtmlFormat.Text(study.Dataset))
            .Append("</caption>\n<thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Group</th>");
        foreach (var measure in study.Measures)
        {
            html.Append("<th scope=\"col\" class=\"num\" title=\"").Append(HtmlFormat.Text(measure.Source)).Append("\">")
                .Append(HtmlFormat.Text(measure.Label)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var model in study.Models)
        {
            html.Append("<tr><th scope=\"row\">").Append(HtmlFormat.Text(model.Name)).Append("</th><td>")
                .Append(HtmlFormat.TextOrNone(GroupLabel(model))).Append("</td>");
            foreach (var measure in study.Measures)
            {
                html.Append("<td class=\"num\">")
                    .Append(model.Values.TryGetValue(measure.Id, out var value) ? HtmlFormat.Text(StudyVerdicts.Format(measure, value.Value)) : HtmlFormat.NotMeasured)
                    .Append("</td>");
            }

            html.Append("</tr>\n");
        }

        foreach (var (label, pick) in new (string, Func<StudyGroupMeans, (double?, int)>)[]
        {
            ("mean: standard", g => (g.Standard, g.StandardModels)),
            ("mean: robust", g => (g.Robust, g.RobustModels)),
        })
        {
            html.Append("<tr><th scope=\"row\">").Append(label).Append("</th><td></td>");
            foreach (var measure in study.Measures)
            {
                var (value, count) = pick(study.Groups.First(g => g.Measure == measure.Id));
                html.Append("<td class=\"num\">").Append(count == 0 ? HtmlFormat.NotMeasured : HtmlFormat.Text(StudyVerdicts.Format(measure, value) + " (" + count.ToString(CultureInfo.InvariantCulture) + ")")).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");

        // Correlations.
        html.Append("<div class=\"scroll\"><table class=\"figure-data\">\n<caption>Correlations across models: ").Append(HtmlFormat.Text(study.Dataset))
            .Append("</caption>\n<thead><tr><th scope=\"col\">Frequency measure</th><th scope=\"col\">Robustness measure</th><th scope=\"col\" class=\"num\">n</th>")
            .Append("<th scope=\"col\" class=\"num\">Spearman</th><th scope=\"col\" class=\"num\">95% CI</th><th scope=\"col\" class=\"num\">p (Spearman)</th>")
            .Append("<th scope=\"col\" class=\"num\">Pearson</th><th scope=\"col\" class=\"num\">95% CI</th><th scope=\"col\" class=\"num\">p (Pearson)</th></tr></thead>\n<tbody>\n");
        foreach (var pair in study.Pairs)
        {
            html.Append("<tr><th scope=\"row\">").Append(HtmlFormat.Text(pair.Frequency.Label)).Append("</th><td>").Append(HtmlFormat.Text(pair.Robustness.Label)).Append("</td>")
                .Append("<td class=\"num\">").Append(pair.N.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            foreach (var result in new[] { pair.Spearman, pair.Pearson })
            {
                html.Append("<td class=\"num\">").Append(HtmlFormat.Text(StudyVerdicts.Coefficient(result.Value))).Append("</td>")
                    .Append("<td class=\"num\">").Append(result.CiLow is { } low && result.CiHigh is { } high
                        ? HtmlFormat.Text($"[{StudyVerdicts.Coefficient(low)}, {StudyVerdicts.Coefficient(high)}]")
                        : HtmlFormat.NotMeasured).Append("</td>")
                    .Append("<td class=\"num\">").Append(HtmlFormat.Text(StudyVerdicts.PValue(result.PValue))).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");

        // A verdict and a plot per pair.
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in study.Pairs)
        {
            var figureId = FigureText.UniqueId(used, "figure-study-" + FigureText.Slug(study.Dataset, pair.Frequency.Id, pair.Robustness.Id));
            html.Append("<h4 id=\"").Append(figureId).Append("-heading\">").Append(HtmlFormat.Text($"{pair.Frequency.Label} vs {pair.Robustness.Label}")).Append("</h4>\n")
                .Append("<p class=\"study-verdict\">").Append(HtmlFormat.Text(StudyVerdicts.Verdict(study, pair))).Append("</p>\n");
            if (pair.N < 2)
            {
                continue;
            }

            html.Append("<div class=\"study-plot\">\n");
            WriteFigure(html, Scatter(report, study, pair, figureId), figureId, expandTable: true);
            html.Append("</div>\n");
        }
    }

    private static string? GroupLabel(StudyModel model) =>
        model.Group is null ? null : model.Group + " (" + (model.StudyGroup ?? "no group") + ")";

    private static ReportFigure Scatter(RunReport report, StudyDataset study, StudyPair pair, string id)
    {
        var byModel = study.Models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var groups = pair.Models.Select(m => byModel[m].Group).ToList();
        var colors = FigurePalette.GroupColors(groups);
        var groupOrder = colors.Keys.ToList();
        var scale = (StudyMeasure m) => m.IsFraction ? 100.0 : 1.0;
        var plot = FigurePlot.Create($"{pair.Frequency.Label} vs {pair.Robustness.Label}", pair.Frequency.Label, pair.Robustness.Label + (pair.Robustness.IsFraction ? " (%)" : string.Empty));
        for (var g = 0; g < groupOrder.Count; g++)
        {
            var label = groupOrder[g];
            var members = Enumerable.Range(0, pair.N).Where(i => (groups[i] ?? FigurePalette.NoGroupLabel) == label).ToList();
            var scatter = plot.Add.ScatterPoints(
                members.Select(i => pair.X[i] * scale(pair.Frequency)).ToArray(),
                members.Select(i => pair.Y[i] * scale(pair.Robustness)).ToArray(),
                colors[label]);
            scatter.MarkerShape = FigurePalette.Marker(g);
            scatter.MarkerSize = 11;
            scatter.LegendText = label + " (" + (StudyCalculator.StudyGroup(label == FigurePalette.NoGroupLabel ? null : label) ?? "no group") + ")";
        }

        for (var i = 0; i < pair.N; i++)
        {
            var text = plot.Add.Text(pair.Models[i], pair.X[i] * scale(pair.Frequency), pair.Y[i] * scale(pair.Robustness));
            text.LabelFontName = ReportFont.Name;
            text.LabelFontSize = 10;
            text.LabelOffsetX = 7;
            text.LabelOffsetY = -7;
            text.LabelFontColor = FigurePalette.Black;
        }

        if (pair.Fit is { } fit)
        {
            var x0 = pair.X.Min();
            var x1 = pair.X.Max();
            var line = plot.Add.Line(x0 * scale(pair.Frequency), (fit.Intercept + (fit.Slope * x0)) * scale(pair.Robustness), x1 * scale(pair.Frequency), (fit.Intercept + (fit.Slope * x1)) * scale(pair.Robustness));
            line.LineColor = FigurePalette.Black;
            line.LineWidth = 1.5f;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "least-squares fit";
        }

        // Room for the model labels on the right.
        var xs = pair.X.Select(x => x * scale(pair.Frequency)).ToList();
        var ys = pair.Y.Select(y => y * scale(pair.Robustness)).ToList();
        var xPad = Math.Max((xs.Max() - xs.Min()) * 0.15, Math.Max(Math.Abs(xs.Max()) * 0.05, 1e-3));
        var yPad = Math.Max((ys.Max() - ys.Min()) * 0.12, Math.Max(Math.Abs(ys.Max()) * 0.05, 1e-3));
        plot.Axes.SetLimits(xs.Min() - xPad, xs.Max() + (2.5 * xPad), ys.Min() - yPad, ys.Max() + yPad);
        plot.ShowLegend(Edge.Bottom);
        var png = FigurePlot.RenderPng(plot, PlotWidth, PlotHeight);

        var fitText = pair.Fit is { } f
            ? $"least-squares line {pair.Robustness.Label} = {f.Intercept.ToString("G3", CultureInfo.InvariantCulture)} + {f.Slope.ToString("G3", CultureInfo.InvariantCulture)} x {pair.Frequency.Label}"
            : "no fit line (the frequency measure is the same for every model)";
        var points = string.Join("; ", Enumerable.Range(0, pair.N).Select(i =>
            $"{pair.Models[i]} ({groups[i] ?? "no group"}): {StudyVerdicts.Format(pair.Frequency, pair.X[i])}, {StudyVerdicts.Format(pair.Robustness, pair.Y[i])}"));
        var alt = $"Scatter plot of {pair.Robustness.Label} against {pair.Frequency.Label} on {study.Dataset} for {pair.N} models: {points}. "
            + $"Spearman {StudyVerdicts.Coefficient(pair.Spearman.Value)}, Pearson {StudyVerdicts.Coefficient(pair.Pearson.Value)}; {fitText}.";
        var caption = $"Each point is a model, coloured and shaped by its card group; the dashed line is the {fitText}. "
            + $"Spearman {StudyVerdicts.Coefficient(pair.Spearman.Value)}, Pearson {StudyVerdicts.Coefficient(pair.Pearson.Value)}, n = {pair.N}.";
        var table = new ReportFigureTable(
            ["Model", "Group", pair.Frequency.Label, pair.Robustness.Label],
            [.. Enumerable.Range(0, pair.N).Select(i => (IReadOnlyList<string>)[pair.Models[i], groups[i] ?? ReportFigureTable.None, FigureText.Derived(pair.X[i]), FigureText.Derived(pair.Y[i])])]);
        return new ReportFigure(id, SectionId, $"{pair.Frequency.Label} vs {pair.Robustness.Label}", alt, png, PlotWidth, PlotHeight, caption, table);
    }

    private static void WriteFigure(StringBuilder html, ReportFigure figure, string id, bool expandTable = false)
    {
        html.Append("<figure id=\"").Append(id).Append("\">\n")
            .Append("<img src=\"data:image/png;base64,").Append(Convert.ToBase64String(figure.Png)).Append('"')
            .Append(" width=\"").Append(figure.Width.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" height=\"").Append(figure.Height.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" alt=\"").Append(HtmlFormat.Text(figure.AltText)).Append("\">\n")
            .Append("<figcaption>").Append(HtmlFormat.Text(figure.Caption)).Append("</figcaption>\n")
            .Append("</figure>\n");
        if (figure.Table is not { } table)
        {
            return;
        }

        if (!expandTable)
        {
            html.Append("<details><summary>Data: ").Append(HtmlFormat.Text(figure.Title)).Append("</summary>\n");
        }

        html.Append("<div class=\"scroll\"><table class=\"figure-data\">\n<caption>Data: ").Append(HtmlFormat.Text(figure.Title)).Append("</caption>\n<thead><tr>");
        foreach (var column in table.Columns)
        {
            html.Append("<th scope=\"col\">").Append(HtmlFormat.Text(column)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Count; c++)
            {
                var cell = row[c] == ReportFigureTable.None ? HtmlFormat.None : row[c].Length == 0 ? HtmlFormat.NotMeasured : HtmlFormat.Text(row[c]);
                html.Append(c == 0 ? "<th scope=\"row\">" + cell + "</th>" : "<td class=\"num\">" + cell + "</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
        if (!expandTable)
        {
            html.Append("</details>\n");
        }
    }
}
