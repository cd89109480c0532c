namespace CloudFreq.Core.Reports;

/// <summary>Sizes of the figures that <see cref="ReportFigureBuilder"/> draws.</summary>
public sealed record ReportFigureOptions
{
    /// <summary>Plot width in pixels.</summary>
    public int Width { get; init; } = 720;

    /// <summary>Plot height in pixels.</summary>
    public int Height { get; init; } = 420;

    /// <summary>Gallery thumbnails are upscaled (nearest neighbour, whole multiples) to at least this many pixels on their longer side.</summary>
    public int MinThumbnailPixels { get; init; } = 96;

    /// <summary>Gallery thumbnails per row at most.</summary>
    public int GalleryColumns { get; init; } = 6;
}
