namespace CloudFreq.Core.Reports;

/// <summary>The inline style sheet of report.html: no external fonts or files, so the file reads offline.</summary>
internal static class ReportHtmlStyles
{
    // Text #1b1b1b, links #0b57d0 and muted #595959 all exceed 4.5:1 on white and on the header greys.
    public const string Css = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: #1b1b1b; background: #fff; margin: 0 auto; max-width: 90rem; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin-bottom: .4rem; }
        h2 { border-bottom: 2px solid #c8ced6; padding-bottom: .2rem; margin-top: 2.4rem; }
        h3 { margin-top: 1.8rem; }
        a { color: #0b57d0; }
        nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; list-style: none; padding: 0; }
        dl.meta { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem; }
        dl.meta dt { font-weight: 600; }
        dl.meta dd { margin: 0; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: .5rem 0 1.2rem; font-size: .92rem; }
        caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
        th, td { border: 1px solid #c8ced6; padding: .25rem .55rem; vertical-align: top; }
        thead th { background: #eef1f4; text-align: left; }
        tbody th[scope="row"] { text-align: left; font-weight: 600; background: #f7f8fa; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .none { color: #595959; font-style: italic; }
        table.confusion td { text-align: right; min-width: 2.2rem; font-variant-numeric: tabular-nums; }
        table.confusion td.diagonal { font-weight: 700; outline: 2px solid #1b1b1b; outline-offset: -2px; }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
        pre { background: #f6f8fa; border: 1px solid #c8ced6; padding: .8rem; overflow: auto; }
        details > summary { cursor: pointer; font-weight: 600; margin: .4rem 0; }
        figure { margin: .6rem 0 .8rem; }
        figure img { display: block; max-width: 100%; height: auto; border: 1px solid #c8ced6; }
        figcaption { color: #404040; font-size: .9rem; margin-top: .35rem; max-width: 60rem; }
        .note { color: #404040; font-size: .9rem; }
        @media print { details { display: block; } nav { display: none; } }
        """;
}
