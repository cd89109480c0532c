using System.Text.RegularExpressions;
using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed partial class ReportHtmlWriterTests
{
    private readonly ReportHtmlWriter _writer = new();

    [Fact]
    public void WriteToString_Report_HasLangTitleWithRunIdAndDates()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>CloudFreq report run-42 (2025-03-01 10:00:00 UTC)</title>", html, StringComparison.Ordinal);
        Assert.Contains("2025-03-01 10:05:30 UTC", html, StringComparison.Ordinal);
        Assert.Contains("0:05:30", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_CleanRows_SummaryTableHasNumbersPerModel()
    {
        using var culture = new NumberCultureScope();

        var html = _writer.WriteToString(ReportSamples.Report());

        var summary = Table(html, "Summary: cifar10");
        Assert.Contains(
            "<tr><th scope=\"row\">resnet</th><td>base</td><td class=\"num\">91.25%</td><td class=\"num\">99.50%</td>"
            + "<td class=\"num\">800</td><td class=\"num\">200.0</td></tr>",
            summary,
            StringComparison.Ordinal);
        Assert.Contains(
            "<tr><th scope=\"row\">robust</th><td><span class=\"none\">none</span></td><td class=\"num\">75.00%</td>"
            + "<td class=\"num\"><span class=\"none\" title=\"not measured\">&#8212;</span></td>",
            summary,
            StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\" class=\"num\">Top-1 accuracy</th>", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_ClassRowsAndConfusion_ShowsPerClassTableAndShadedMatrix()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        var perClass = Table(html, "Per-class top-1 accuracy: resnet on cifar10");
        Assert.Contains("<tr><th scope=\"row\">cat</th><td class=\"num\">80.00%</td><td class=\"num\">400</td></tr>", perClass, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">dog</th><td class=\"num\">50.00%</td>", perClass, StringComparison.Ordinal);
        var confusion = Table(html, "Confusion matrix: resnet on cifar10 (rows: true class, columns: predicted class)");
        Assert.Contains("<td class=\"diagonal\" style=\"background:rgb(137,190,222)\">320</td>", confusion, StringComparison.Ordinal);
        Assert.Contains("<td style=\"background:rgb(225,239,247)\">80</td>", confusion, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">400</td>", confusion, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_ManyClasses_LeavesConfusionMatrixOut()
    {
        var writer = new ReportHtmlWriter(new ReportHtmlOptions { MaxConfusionClasses = 1 });

        var html = writer.WriteToString(ReportSamples.Report());

        Assert.DoesNotContain("<caption>Confusion matrix", html, StringComparison.Ordinal);
        Assert.Contains("report.json holds its counts", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_HostileStrings_AreEncoded()
    {
        var rows = new[]
        {
            new ResultRow("cifar10", "<script>", "clean", "", "accuracy", 0.5, 2),
            new ResultRow("cifar10", "<script>", "clean", "class=<b>&\"'", "accuracy", 0.5, 2),
        };
        var report = ReportSamples.Report(rows, resnetName: "<script>") with
        {
            Errors = [new ReportError("item", "<img src=x onerror=alert(1)>", "</td><script>alert(1)</script>")],
            Warnings = ["<iframe>"],
        };

        var html = _writer.WriteToString(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;&amp;&quot;&#39;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_Report_ReferencesNoExternalResources()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(HrefPattern().Matches(html), match => Assert.StartsWith("#", match.Groups[1].Value, StringComparison.Ordinal));
        Assert.Contains("<style>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_NullValueAndEmptyLists_PrintNone()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        var results = Table(html, "All results (7 rows)");
        Assert.Contains(
            "<td>f_rev</td><td class=\"num\"><span class=\"none\">none</span></td><td class=\"num\">800</td>",
            results,
            StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"errors-heading\">Errors</h2>\n<p><span class=\"none\">none</span></p>", html, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"warnings-heading\">Warnings</h2>\n<p><span class=\"none\">none</span></p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_AllResults_ListsRowsOfAnalysesWithoutOwnSection()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        var results = Table(html, "All results (7 rows)");
        Assert.Contains("<td><code>filter=lowpass;shape=ideal;cutoff=0.25</code></td><td>accuracy</td><td class=\"num\">1E-05</td>", results, StringComparison.Ordinal);
        Assert.Equal(7, Regex.Count(results, "<tr><td>"));
    }

    [Fact]
    public void WriteToString_Models_ShowCardShortHashAndExpectedVsMeasured()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        var model = Table(html, "Model: resnet");
        Assert.Contains("<code title=\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\">0123456789ab&#8230;</code>", model, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Layout</th><td>NHWC</td>", model, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Mean</th><td>[0.485, 0.456, 0.406]</td>", model, StringComparison.Ordinal);
        Assert.Contains("<td>3x32x32</td>", model, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Expected top-1 accuracy</th><td>93.00%</td>", model, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Measured top-1 accuracy</th><td>91.25% on cifar10 (n = 800)</td>", model, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Batching</th><td>batch 64 (dynamic)</td>", model, StringComparison.Ordinal);
        var robust = Table(html, "Model: robust");
        Assert.Contains("<li>no card: mean 0 / std 1</li>", robust, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Expected top-1 accuracy</th><td><span class=\"none\">none</span></td>", robust, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_Spec_IsPrettyJsonInDetails()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        Assert.Contains("<details><summary>The run spec as the run used it (JSON)</summary>\n<pre><code>{\n  &quot;datasets&quot;: [", html, StringComparison.Ordinal);
        Assert.Contains("&quot;note&quot;: &quot;a&lt;b&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_EveryTable_HasCaptionAndScopedHeaders()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        var tables = TablePattern().Matches(html);
        Assert.NotEmpty(tables);
        Assert.All(tables, table => Assert.Contains("<caption>", table.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("<th>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ToPath_WritesWholePage()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "report.html");

        _writer.Write(path, ReportSamples.Report());

        Assert.EndsWith("</html>\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    /// <summary>The table whose caption is <paramref name="caption"/> (encoded as the writer encodes it).</summary>
    private static string Table(string html, string caption)
    {
        var start = html.IndexOf("<caption>" + System.Net.WebUtility.HtmlEncode(caption) + "</caption>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No table captioned '{caption}'.");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex HrefPattern();

    [GeneratedRegex("<table[^>]*>.*?</table>", RegexOptions.Singleline)]
    private static partial Regex TablePattern();
}
