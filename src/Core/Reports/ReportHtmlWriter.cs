using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudFreq.Core.Models;
using CloudFreq.Core.Study;

namespace CloudFreq.Core.Reports;

/// <summary>
/// Writes report.html: one self-contained file (inline CSS, no scripts, no external resources) that
/// reads from disk. Sections: summary per dataset, one section of figures per analysis
/// (<see cref="RunReport.Figures"/>, PNGs inline as data URIs), per-class accuracy and confusion per
/// model, models, datasets, timings, errors, warnings, every result row, and the run spec. Fractions show as
/// percentages here only; an undefined value shows as "none", a value never measured as a dash.
/// Every string from data is HTML-encoded.
/// </summary>
public sealed class ReportHtmlWriter
{
    /// <summary>The analysis whose rows feed the summary and per-class tables.</summary>
    public const string CleanAnalysis = "clean";

    /// <summary>Top-1 accuracy metric name.</summary>
    public const string AccuracyMetric = "accuracy";

    /// <summary>Top-5 accuracy metric name.</summary>
    public const string Top5AccuracyMetric = "top5_accuracy";

    private readonly ReportHtmlOptions _options;
    private readonly ReportFigureHtml _figures;

    public ReportHtmlWriter()
        : this(new ReportHtmlOptions())
    {
    }

    public ReportHtmlWriter(ReportHtmlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _figures = new ReportFigureHtml(options);
    }

    /// <summary>Writes the report to <paramref name="path"/> atomically (temp file, then replace).</summary>
    public void Write(string path, RunReport report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(report);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            Write(writer, report);
        });
    }

    /// <summary>Writes the report to <paramref name="writer"/>; the caller owns the writer.</summary>
    public void Write(TextWriter writer, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);

        // Build in memory first: a half-written page is worse than none, and it is small next to the run.
        var html = new StringBuilder(64 * 1024);
        var index = new ReportIndex(report);
        var studies = StudyCalculator.Compute(report);
        var study = StudyHtml.HasSection(report, studies);

        // The Fourier heat maps sit side by side in the study section, not in a section of their own.
        var perAnalysis = study ? report with { Figures = [.. report.Figures.Where(f => !StudyHtml.IsHeatmap(f))] } : report;
        WriteHead(html, report);
        WriteHeader(html, perAnalysis, study ? StudyHtml.SubSections(report, studies) : null, studies);
        html.Append("<main>\n");

        // The study comes first: the relation across models is what the report is for.
        if (study)
        {
            new StudyHtml().Write(html, report, studies);
        }

        WriteSummary(html, report, index);
        _figures.Write(html, perAnalysis);
        WritePerModel(html, report, index);
        WriteModels(html, report, index);
        WriteDatasets(html, report);
        WriteTimings(html, report);
        WriteErrors(html, report);
        WriteWarnings(html, report);
        WriteAllResults(html, report);
        WriteSpec(html, report);
        html.Append("</main>\n");
        html.Append("<footer class=\"note\"><p>Written by ").Append(HtmlFormat.Text(report.Tool))
            .Append(". results.csv and report.json beside this file hold the same rows as fractions.</p></footer>\n");
        html.Append("</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    /// <summary>The whole page as a string.</summary>
    public string WriteToString(RunReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, report);
        return writer.ToString();
    }

    private static void WriteHead(StringBuilder html, RunReport report)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"").Append(HtmlFormat.Text(report.Tool)).Append("\">\n")
            .Append("<title>CloudFreq report ").Append(HtmlFormat.Text(report.RunId)).Append(" (")
            .Append(HtmlFormat.Time(report.CreatedTime)).Append(")</title>\n")
            .Append("<style>\n").Append(ReportHtmlStyles.Css).Append('\n').Append(StudyHtml.Css).Append('\n').Append(StudyFindingsHtml.Css).Append("\n</style>\n</head>\n<body>\n");
    }

    private static void WriteHeader(StringBuilder html, RunReport report, IReadOnlyList<(string Id, string Heading)>? study, IReadOnlyList<StudyDataset> studies)
    {
        html.Append("<header>\n<h1>CloudFreq report <code>").Append(HtmlFormat.Text(report.RunId)).Append("</code></h1>\n");

        // The first screen says what the study found, before any run metadata.
        StudyFindingsHtml.Write(html, studies);
        html
            .Append("<dl class=\"meta\">\n")
            .Append("<dt>Run id</dt><dd><code>").Append(HtmlFormat.Text(report.RunId)).Append("</code></dd>\n")
            .Append("<dt>Created</dt><dd>").Append(HtmlFormat.Time(report.CreatedTime)).Append("</dd>\n")
            .Append("<dt>Completed</dt><dd>").Append(HtmlFormat.Time(report.CompletedTime)).Append("</dd>\n")
            .Append("<dt>Duration</dt><dd>").Append(HtmlFormat.Duration(report.CompletedTime - report.CreatedTime)).Append("</dd>\n")
            .Append("<dt>Tool</dt><dd>").Append(HtmlFormat.Text(report.Tool)).Append("</dd>\n")
            .Append("<dt>Schema version</dt><dd>").Append(report.SchemaVersion.ToString(CultureInfo.InvariantCulture)).Append("</dd>\n")
            .Append("<dt>Errors</dt><dd>").Append(HtmlFormat.Count(report.Errors.Count)).Append("</dd>\n")
            .Append("<dt>Warnings</dt><dd>").Append(HtmlFormat.Count(report.Warnings.Count)).Append("</dd>\n")
            .Append("</dl>\n</header>\n")
            .Append("<nav aria-label=\"Contents\"><ul>")
            .Append(study is null ? string.Empty : "<li><a href=\"#" + StudyHtml.SectionId + "\">Study</a>"
                + (study.Count == 0 ? string.Empty : "<ul>" + string.Concat(study.Select(s => "<li><a href=\"#" + s.Id + "\">" + HtmlFormat.Text(s.Heading) + "</a></li>")) + "</ul>")
                + "</li>")
            .Append("<li><a href=\"#summary\">Summary</a></li>")
            .Append(string.Concat(ReportFigureHtml.Sections(report).Select(section =>
                "<li><a href=\"#" + section.Id + "\">" + HtmlFormat.Text(section.Heading) + "</a></li>")))
            .Append("<li><a href=\"#per-class\">Per-class accuracy</a></li>")
            .Append("<li><a href=\"#models\">Models</a></li>")
            .Append("<li><a href=\"#datasets\">Datasets</a></li>")
            .Append("<li><a href=\"#timings\">Timings</a></li>")
            .Append("<li><a href=\"#errors\">Errors</a></li>")
            .Append("<li><a href=\"#warnings\">Warnings</a></li>")
            .Append("<li><a href=\"#results\">All results</a></li>")
            .Append("<li><a href=\"#spec\">Run spec</a></li>")
            .Append("</ul></nav>\n");
    }

    private static void WriteSummary(StringBuilder html, RunReport report, ReportIndex index)
    {
        OpenSection(html, "summary", "Summary");
        html.Append("<p class=\"note\">Clean top-1 and top-5 accuracy per dataset. ")
            .Append(HtmlFormat.None).Append(" = undefined, ").Append(HtmlFormat.NotMeasured).Append(" = not measured.</p>\n");
        var any = false;
        foreach (var dataset in index.Datasets)
        {
            var models = index.Models.Where(model => index.CleanAccuracy(dataset, model) is not null || index.CleanTop5(dataset, model) is not null).ToList();
            if (models.Count == 0)
            {
                continue;
            }

            any = true;
            OpenTable(html, $"Summary: {dataset}", "summary");
            html.Append("<thead><tr><th scope=\"col\">Model</th><th scope=\"col\">Group</th>")
                .Append("<th scope=\"col\" class=\"num\">Top-1 accuracy</th><th scope=\"col\" class=\"num\">Top-5 accuracy</th>")
                .Append("<th scope=\"col\" class=\"num\">n</th><th scope=\"col\" class=\"num\">Images/s</th></tr></thead>\n<tbody>\n");
            foreach (var model in models)
            {
                var top1 = index.CleanAccuracy(dataset, model);
                var top5 = index.CleanTop5(dataset, model);
                var n = top1?.N ?? top5?.N;
                var timing = index.Timing(dataset, model);
                html.Append("<tr><th scope=\"row\">").Append(HtmlFormat.Text(model)).Append("</th>")
                    .Append("<td>").Append(HtmlFormat.TextOrNone(index.Card(model)?.Group)).Append("</td>")
                    .Append("<td class=\"num\">").Append(top1 is null ? HtmlFormat.NotMeasured : HtmlFormat.Percent(top1.Value)).Append("</td>")
                    .Append("<td class=\"num\">").Append(top5 is null ? HtmlFormat.NotMeasured : HtmlFormat.Percent(top5.Value)).Append("</td>")
                    .Append("<td class=\"num\">").Append(n is { } count ? HtmlFormat.Count(count) : HtmlFormat.NotMeasured).Append("</td>")
                    .Append("<td class=\"num\">").Append(timing is null ? HtmlFormat.NotMeasured : HtmlFormat.Fixed(timing.ImagesPerSecond, 1)).Append("</td>")
                    .Append("</tr>\n");
            }

            CloseTable(html);
        }

        if (!any)
        {
            html.Append("<p>").Append(HtmlFormat.None).Append(" (no clean accuracy rows)</p>\n");
        }

        CloseSection(html);
    }

    private void WritePerModel(StringBuilder html, RunReport report, ReportIndex index)
    {
        OpenSection(html, "per-class", "Per-class accuracy and confusion");
        var any = false;
        foreach (var dataset in index.Datasets)
        {
            foreach (var model in index.Models)
            {
                var classRows = index.ClassAccuracies(dataset, model);
                var confusion = index.Confusion(dataset, model);
                if (classRows.Count == 0 && confusion is null)
                {
                    continue;
                }

                any = true;
                html.Append("<h3>").Append(HtmlFormat.Text(model)).Append(" on ").Append(HtmlFormat.Text(dataset)).Append("</h3>\n");
                WriteClassAccuracies(html, dataset, model, classRows);
                WriteConfusion(html, dataset, model, confusion);
            }
        }

        if (!any)
        {
            html.Append("<p>").Append(HtmlFormat.None).Append(" (no per-class rows or confusion matrices)</p>\n");
        }

        CloseSection(html);
    }

    private void WriteClassAccuracies(StringBuilder html, string dataset, string model, IReadOnlyList<(string ClassName, ResultRow Row)> classRows)
    {
        if (classRows.Count == 0)
        {
            html.Append("<p>Per-class accuracy: ").Append(HtmlFormat.None).Append("</p>\n");
            return;
        }

        var collapse = classRows.Count > _options.MaxExpandedRows;
        if (collapse)
        {
            html.Append("<details><summary>Per-class accuracy (").Append(HtmlFormat.Count(classRows.Count)).Append(" classes)</summary>\n");
        }

        OpenTable(html, $"Per-class top-1 accuracy: {model} on {dataset}", "per-class");
        html.Append("<thead><tr><th scope=\"col\">Class</th><th scope=\"col\" class=\"num\">Accuracy</th><th scope=\"col\" class=\"num\">n</th></tr></thead>\n<tbody>\n");
        foreach (var (className, row) in classRows)
        {
            html.Append("<tr><th scope=\"row\">").Append(HtmlFormat.Text(className)).Append("</th>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Percent(row.Value)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Count(row.N)).Append("</td></tr>\n");
        }

        CloseTable(html);
        if (collapse)
        {
            html.Append("</details>\n");
        }
    }

    private void WriteConfusion(StringBuilder html, string dataset, string model, ConfusionMatrix? confusion)
    {
        if (confusion is null)
        {
            html.Append("<p>Confusion matrix: ").Append(HtmlFormat.None).Append("</p>\n");
            return;
        }

        var classes = confusion.ClassNames;
        if (classes.Count > _options.MaxConfusionClasses)
        {
            html.Append("<p>The confusion matrix has ").Append(HtmlFormat.Count(classes.Count))
                .Append(" classes, more than this page shows (")
                .Append(HtmlFormat.Count(_options.MaxConfusionClasses)).Append("); report.json holds its counts.</p>\n");
            return;
        }

        OpenTable(html, $"Confusion matrix: {model} on {dataset} (rows: true class, columns: predicted class)", "confusion");
        html.Append("<thead><tr><th scope=\"col\">True \\ predicted</th>");
        foreach (var name in classes)
        {
            html.Append("<th scope=\"col\" class=\"num\">").Append(HtmlFormat.Text(name)).Append("</th>");
        }

        html.Append("<th scope=\"col\" class=\"num\">Total</th></tr></thead>\n<tbody>\n");
        for (var truth = 0; truth < confusion.Counts.Count; truth++)
        {
            var counts = confusion.Counts[truth];
            var total = counts.Sum();
            var label = truth < classes.Count ? classes[truth] : truth.ToString(CultureInfo.InvariantCulture);
            html.Append("<tr><th scope=\"row\">").Append(HtmlFormat.Text(label)).Append("</th>");
            for (var predicted = 0; predicted < counts.Count; predicted++)
            {
                var share = total > 0 ? (double)counts[predicted] / total : 0;
                html.Append("<td").Append(predicted == truth ? " class=\"diagonal\"" : string.Empty)
                    .Append(" style=\"").Append(HtmlFormat.ShareBackground(share)).Append("\">")
                    .Append(HtmlFormat.Count(counts[predicted])).Append("</td>");
            }

            html.Append("<td class=\"num\">").Append(HtmlFormat.Count(total)).Append("</td></tr>\n");
        }

        CloseTable(html);
        html.Append("<p class=\"note\">Shading: share of the true class's images, white (0%) to blue (100%); the diagonal (correct) is outlined.</p>\n");
    }

    private static void WriteModels(StringBuilder html, RunReport report, ReportIndex index)
    {
        OpenSection(html, "models", "Models");
        if (report.Models.Count == 0)
        {
            html.Append("<p>").Append(HtmlFormat.None).Append("</p>\n");
        }

        foreach (var model in report.Models)
        {
            var card = model.Card;
            OpenTable(html, $"Model: {model.Name}", "model");
            html.Append("<tbody>\n");
            Field(html, "Name", HtmlFormat.Text(model.Name));
            Field(html, "URI", "<code>" + HtmlFormat.Text(model.Uri) + "</code>");
            Field(html, "SHA-256", ShortHash(model.Sha256));
            Field(html, "Layout", card.Layout == TensorLayout.Nhwc ? "NHWC" : "NCHW");
            Field(html, "Mean", HtmlFormat.Floats(card.Mean));
            Field(html, "Std", HtmlFormat.Floats(card.Std));
            Field(html, "Input (C&#215;H&#215;W)", HtmlFormat.Text(card.Input.ToString()));
            Field(html, "Classes", card.ClassNames is { } names ? HtmlFormat.Count(names.Count) : HtmlFormat.None);
            Field(html, "Card source", HtmlFormat.Text(card.Source.ToString()));
            Field(html, "Group", HtmlFormat.TextOrNone(card.Group));
            Field(html, "Training", HtmlFormat.TextOrNone(card.Training));
            Field(html, "Trained for", HtmlFormat.TextOrNone(card.Dataset));
            Field(html, "Expected top-1 accuracy", HtmlFormat.Percent(card.ExpectedAccuracy));
            Field(html, "Measured top-1 accuracy", MeasuredAccuracy(index, model.Name));
            Field(html, "Batching", HtmlFormat.TextOrNone(model.Batching));
            Field(html, "Warnings", List(model.Warnings));
            CloseTable(html);
        }

        CloseSection(html);
    }

    private static string MeasuredAccuracy(ReportIndex index, string model)
    {
        var parts = index.Datasets
            .Select(dataset => (Dataset: dataset, Row: index.CleanAccuracy(dataset, model)))
            .Where(entry => entry.Row is not null)
            .Select(entry => HtmlFormat.Percent(entry.Row!.Value) + " on " + HtmlFormat.Text(entry.Dataset)
                + " (n = " + HtmlFormat.Count(entry.Row.N) + ")")
            .ToList();
        return parts.Count == 0 ? HtmlFormat.NotMeasured : string.Join("<br>", parts);
    }

    private static string ShortHash(string? sha256)
    {
        if (string.IsNullOrEmpty(sha256))
        {
            return HtmlFormat.None;
        }

        // The first 12 hex digits tell models apart at a glance; the full hash is in the tooltip and report.json.
        var shown = sha256.Length > 12 ? HtmlFormat.Text(sha256[..12]) + "&#8230;" : HtmlFormat.Text(sha256);
        return "<code title=\"" + HtmlFormat.Text(sha256) + "\">" + shown + "</code>";
    }

    private static void WriteDatasets(StringBuilder html, RunReport report)
    {
        OpenSection(html, "datasets", "Datasets");
        if (report.Datasets.Count == 0)
        {
            html.Append("<p>").Append(HtmlFormat.None).Append("</p>\n");
            CloseSection(html);
            return;
        }

        OpenTable(html, "Datasets", "datasets");
        html.Append("<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Source</th><th scope=\"col\">Format</th>")
            .Append("<th scope=\"col\" class=\"num\">Images</th><th scope=\"col\">Classes</th><th scope=\"col\">Shape</th>")
            .Append("<th scope=\"col\" class=\"num\">Ignored files</th><th scope=\"col\" class=\"num\">Skipped images</th></tr></thead>\n<tbody>\n");
        foreach (var dataset in report.Datasets)
        {
            html.Append("<tr><th scope=\"row\">").Append(HtmlFormat.Text(dataset.Name)).Append("</th>")
                .Append("<td><code>").Append(HtmlFormat.Text(dataset.Source)).Append("</code></td>")
                .Append("<td>").Append(HtmlFormat.TextOrNone(dataset.Format)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Count(dataset.Images)).Append("</td><td>");
            if (dataset.ClassNames.Count == 0)
            {
                html.Append(HtmlFormat.None);
            }
            else
            {
                html.Append("<details><summary>").Append(HtmlFormat.Count(dataset.ClassNames.Count)).Append(" classes</summary>")
                    .Append(string.Join(", ", dataset.ClassNames.Select(HtmlFormat.Text))).Append("</details>");
            }

            html.Append("</td><td>").Append(HtmlFormat.TextOrNone(dataset.Shape)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Count(dataset.IgnoredFiles)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Count(dataset.SkippedImages)).Append("</td></tr>\n");
        }

        CloseTable(html);
        CloseSection(html);
    }

    private static void WriteTimings(StringBuilder html, RunReport report)
    {
        OpenSection(html, "timings", "Timings");
        html.Append("<p>Total: ").Append(HtmlFormat.Fixed(report.Timings.TotalSeconds, 1)).Append(" s</p>\n");
        if (report.Timings.Models.Count == 0)
        {
            html.Append("<p>Per model: ").Append(HtmlFormat.None).Append("</p>\n");
            CloseSection(html);
            return;
        }

        OpenTable(html, "Time per model", "timings");
        html.Append("<thead><tr><th scope=\"col\">Dataset</th><th scope=\"col\">Model</th><th scope=\"col\" class=\"num\">Images</th>")
            .Append("<th scope=\"col\" class=\"num\">Seconds</th><th scope=\"col\" class=\"num\">Images/s</th></tr></thead>\n<tbody>\n");
        foreach (var timing in report.Timings.Models)
        {
            html.Append("<tr><td>").Append(HtmlFormat.Text(timing.Dataset)).Append("</td>")
                .Append("<th scope=\"row\">").Append(HtmlFormat.Text(timing.Model)).Append("</th>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Count(timing.Images)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Fixed(timing.Seconds, 2)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Fixed(timing.ImagesPerSecond, 1)).Append("</td></tr>\n");
        }

        CloseTable(html);
        CloseSection(html);
    }

    private static void WriteErrors(StringBuilder html, RunReport report)
    {
        OpenSection(html, "errors", "Errors");
        if (report.Errors.Count == 0)
        {
            html.Append("<p>").Append(HtmlFormat.None).Append("</p>\n");
            CloseSection(html);
            return;
        }

        OpenTable(html, $"Errors ({report.Errors.Count.ToString(CultureInfo.InvariantCulture)})", "errors");
        html.Append("<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Where</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n");
        foreach (var error in report.Errors)
        {
            html.Append("<tr><td>").Append(HtmlFormat.Text(error.Kind)).Append("</td>")
                .Append("<td><code>").Append(HtmlFormat.Text(error.Where)).Append("</code></td>")
                .Append("<td>").Append(HtmlFormat.Text(error.Message)).Append("</td></tr>\n");
        }

        CloseTable(html);
        CloseSection(html);
    }

    private static void WriteWarnings(StringBuilder html, RunReport report)
    {
        OpenSection(html, "warnings", "Warnings");
        html.Append(report.Warnings.Count == 0 ? "<p>" + HtmlFormat.None + "</p>" : List(report.Warnings)).Append('\n');
        CloseSection(html);
    }

    private void WriteAllResults(StringBuilder html, RunReport report)
    {
        OpenSection(html, "results", "All results");
        html.Append("<p class=\"note\">Every row of results.csv; values are fractions or numbers as stored, ")
            .Append(HtmlFormat.None).Append(" where undefined.</p>\n");
        if (report.Rows.Count == 0)
        {
            html.Append("<p>").Append(HtmlFormat.None).Append("</p>\n");
            CloseSection(html);
            return;
        }

        var collapse = report.Rows.Count > _options.MaxExpandedRows;
        if (collapse)
        {
            html.Append("<details><summary>").Append(HtmlFormat.Count(report.Rows.Count)).Append(" rows</summary>\n");
        }

        OpenTable(html, $"All results ({report.Rows.Count.ToString("N0", CultureInfo.InvariantCulture)} rows)", "results");
        html.Append("<thead><tr><th scope=\"col\">Dataset</th><th scope=\"col\">Model</th><th scope=\"col\">Analysis</th>")
            .Append("<th scope=\"col\">Condition</th><th scope=\"col\">Metric</th><th scope=\"col\" class=\"num\">Value</th>")
            .Append("<th scope=\"col\" class=\"num\">n</th></tr></thead>\n<tbody>\n");
        foreach (var row in report.Rows)
        {
            html.Append("<tr><td>").Append(HtmlFormat.Text(row.Dataset)).Append("</td>")
                .Append("<td>").Append(HtmlFormat.Text(row.Model)).Append("</td>")
                .Append("<td>").Append(HtmlFormat.Text(row.Analysis)).Append("</td>")
                .Append(row.Condition.Length == 0 ? "<td></td>" : "<td><code>" + HtmlFormat.Text(row.Condition) + "</code></td>")
                .Append("<td>").Append(HtmlFormat.Text(row.Metric)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Number(row.Value)).Append("</td>")
                .Append("<td class=\"num\">").Append(HtmlFormat.Count(row.N)).Append("</td></tr>\n");
        }

        CloseTable(html);
        if (collapse)
        {
            html.Append("</details>\n");
        }

        CloseSection(html);
    }

    private static void WriteSpec(StringBuilder html, RunReport report)
    {
        OpenSection(html, "spec", "Run spec");
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",

            // Unescaped text here, so the reader sees "a<b" rather than "a\u003Cb"; the HTML encoding below makes it safe.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            report.Spec.WriteTo(json);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        html.Append("<details><summary>The run spec as the run used it (JSON)</summary>\n<pre><code>")
            .Append(HtmlFormat.Text(text)).Append("</code></pre>\n</details>\n");
        CloseSection(html);
    }

    private static void OpenSection(StringBuilder html, string id, string heading) =>
        html.Append("<section id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-heading\">\n")
            .Append("<h2 id=\"").Append(id).Append("-heading\">").Append(HtmlFormat.Text(heading)).Append("</h2>\n");

    private static void CloseSection(StringBuilder html) => html.Append("</section>\n");

    private static void OpenTable(StringBuilder html, string caption, string cssClass) =>
        html.Append("<div class=\"scroll\"><table class=\"").Append(cssClass).Append("\">\n<caption>")
            .Append(HtmlFormat.Text(caption)).Append("</caption>\n");

    private static void CloseTable(StringBuilder html) => html.Append("</tbody>\n</table></div>\n");

    private static void Field(StringBuilder html, string name, string valueHtml) =>
        html.Append("<tr><th scope=\"row\">").Append(name).Append("</th><td>").Append(valueHtml).Append("</td></tr>\n");

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 0
            ? HtmlFormat.None
            : "<ul>" + string.Concat(items.Select(item => "<li>" + HtmlFormat.Text(item) + "</li>")) + "</ul>";
}
