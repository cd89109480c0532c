namespace CloudFreq.Core.Corruptions.Weather;

/// <summary>The frost texture files, in the reference generators' order (frost picks from the first five).</summary>
public static class FrostTextureFiles
{
    /// <summary>How many of the textures the generators draw from (the sixth is never picked).</summary>
    public const int UsedCount = 5;

    /// <summary>The six file names, as in bethgelab/imagecorruptions and hendrycks/robustness.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg", "frost6.jpg"];
}
