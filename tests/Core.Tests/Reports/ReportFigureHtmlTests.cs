using CloudFreq.Core.Reports;

namespace CloudFreq.Core.Tests.Reports;

public sealed class ReportFigureHtmlTests
{
    private readonly ReportFigureBuilder _builder = new();
    private readonly ReportHtmlWriter _writer = new();

    [Fact]
    public void WriteToString_Figures_ShowsDataUriImageAltTextAndCaption()
    {
        var report = _builder.WithFigures(FigureSamples.Report([.. FigureSamples.SweepRows(), .. FigureSamples.HybridRows()]));

        var html = _writer.WriteToString(report);

        foreach (var figure in report.Figures)
        {
            Assert.Contains("<img src=\"data:image/png;base64," + Convert.ToBase64String(figure.Png) + "\" width=\"720\" height=\"420\"", html, StringComparison.Ordinal);
            Assert.Contains(" alt=\"" + System.Net.WebUtility.HtmlEncode(figure.AltText) + "\">", html, StringComparison.Ordinal);
            Assert.Contains("<figcaption>" + System.Net.WebUtility.HtmlEncode(figure.Caption) + "</figcaption>", html, StringComparison.Ordinal);
            Assert.Contains("<figure id=\"figure-" + figure.Id + "\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WriteToString_Figures_HasNoExternalReferences()
    {
        var report = _builder.WithFigures(FigureSamples.Report([.. FigureSamples.SweepRows(), .. FigureSamples.HybridRows()]));

        var html = _writer.WriteToString(report);

        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void WriteToString_Figures_SectionsPerAnalysisInContentsAndBeforeAllResults()
    {
        var report = _builder.WithFigures(FigureSamples.Report([.. FigureSamples.SweepRows(), .. FigureSamples.HybridRows()]));

        var html = _writer.WriteToString(report);

        Assert.Contains("<li><a href=\"#figures-frequency-sweep\">Frequency sweeps</a></li><li><a href=\"#figures-hybrid\">Hybrid images</a></li>", html, StringComparison.Ordinal);
        var sweep = html.IndexOf("<section id=\"figures-frequency-sweep\"", StringComparison.Ordinal);
        var hybrid = html.IndexOf("<section id=\"figures-hybrid\"", StringComparison.Ordinal);
        var results = html.IndexOf("<section id=\"results\"", StringComparison.Ordinal);
        Assert.True(sweep > 0 && hybrid > sweep && results > hybrid, $"sections at {sweep}, {hybrid}, {results}");
        Assert.Contains("<h2 id=\"figures-hybrid-heading\">Hybrid images</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_FigureTable_ShowsNumbersNoneAndTextColumns()
    {
        var report = _builder.WithFigures(FigureSamples.Report(FigureSamples.HybridRows()));

        var html = _writer.WriteToString(report);

        Assert.Contains("<caption>Data: Hybrid images on cifar10: mean f_rev per model</caption>", html, StringComparison.Ordinal);
        Assert.Contains(
            "<tr><th scope=\"row\">robust</th><td>no group</td><td class=\"num\"><span class=\"none\">none</span></td>",
            html,
            StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">resnet</th><td>base</td><td class=\"num\">0.125</td><td class=\"num\">0.0125</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_LongFigureTable_IsCollapsed()
    {
        var writer = new ReportHtmlWriter(new ReportHtmlOptions { MaxExpandedFigureRows = 2 });
        var report = _builder.WithFigures(FigureSamples.Report(FigureSamples.HybridRows()));

        var html = writer.WriteToString(report);

        Assert.Contains("<details><summary>Data: 3 rows</summary>\n<div class=\"scroll\"><table class=\"figure-data\">\n<caption>Data: Hybrid images on cifar10: mean f_rev per model", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_NoFigures_HasNoFigureSections()
    {
        var html = _writer.WriteToString(ReportSamples.Report());

        Assert.DoesNotContain("<figure", html, StringComparison.Ordinal);
        Assert.DoesNotContain("figures-", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteToString_FigureTextFromData_IsEncodedAndIdsStayUnique()
    {
        var gallery = _builder.Gallery("same", "custom <analysis>", "A <b> title", [("x", new float[4], 1, 2, 2)], caption: "a \"caption\" & more", altText: "<alt>");
        var report = ReportSamples.Report() with { Figures = [gallery, gallery] };

        var html = _writer.WriteToString(report);

        Assert.Contains("<h2 id=\"figures-custom-analysis-heading\">custom &lt;analysis&gt;</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h3 id=\"figure-same-heading\">A &lt;b&gt; title</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<figure id=\"figure-same-2\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"&lt;alt&gt;\"", html, StringComparison.Ordinal);
        Assert.Contains("<figcaption>a &quot;caption&quot; &amp; more</figcaption>", html, StringComparison.Ordinal);
    }
}
