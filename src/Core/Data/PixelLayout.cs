namespace CloudFreq.Core.Data;

/// <summary>How the 8-bit source pixels of one image are laid out in memory.</summary>
internal enum PixelLayout
{
    /// <summary>Interleaved R, G, B, A bytes (what SkiaSharp decodes to); alpha is dropped.</summary>
    Rgba,

    /// <summary>Three planes R, G, B, each row-major (the CIFAR record layout).</summary>
    PlanarRgb,

    /// <summary>One plane of gray levels (IDX).</summary>
    Gray,
}
