using ScottPlot;
using SkiaSharp;

namespace CloudFreq.Core.Reports.Fonts;

/// <summary>Answers ScottPlot's typeface look-ups for <see cref="ReportFont.Name"/> (any weight or slant) with the bundled face.</summary>
internal sealed class ReportFontResolver : IFontResolver
{
    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        fontName == ReportFont.Name ? ReportFont.Typeface : null;

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        fontName == ReportFont.Name ? ReportFont.Typeface : null;
}
