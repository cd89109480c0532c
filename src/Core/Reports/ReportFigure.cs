namespace CloudFreq.Core.Reports;

/// <summary>
/// One figure of report.html: a PNG plot or image gallery with the text that makes it readable
/// without seeing it (alt text naming the key numbers, a caption, and optionally the plotted
/// numbers as a table). Figures are a view of the result rows, so report.json does not hold them.
/// </summary>
/// <param name="Id">Unique within a report; letters, digits and dashes (used as the HTML id).</param>
/// <param name="Section">The analysis the figure belongs to, for example <c>frequency-sweep</c> or <c>hybrid</c>; figures are grouped by it.</param>
/// <param name="Title">Short heading, shown above the figure.</param>
/// <param name="AltText">What the plot shows, with its key numbers, for readers who cannot see it.</param>
/// <param name="Png">The encoded PNG image.</param>
/// <param name="Width">Pixel width of the PNG.</param>
/// <param name="Height">Pixel height of the PNG.</param>
/// <param name="Caption">How to read the figure (shown under it).</param>
/// <param name="Table">The plotted numbers, or null when the figure has none (a gallery).</param>
public sealed record ReportFigure(
    string Id,
    string Section,
    string Title,
    string AltText,
    byte[] Png,
    int Width,
    int Height,
    string Caption,
    ReportFigureTable? Table = null);
