namespace CloudFreq.Core.Reports;

/// <summary>One checked gallery image: CHW floats in [0, 1], one (grey) or three (RGB) channels.</summary>
internal sealed record GalleryImage(string Label, float[] Chw, int Channels, int Height, int Width);
