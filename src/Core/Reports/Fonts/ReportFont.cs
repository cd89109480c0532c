using SkiaSharp;

namespace CloudFreq.Core.Reports.Fonts;

/// <summary>
/// The typeface of every text in report figures: the bundled DejaVu Sans subset, never a system
/// font, so plots look the same (and have text at all) on machines without fonts or fontconfig.
/// ScottPlot finds typefaces through its process-wide resolver list; this registers one resolver
/// for <see cref="Name"/>, once per process.
/// </summary>
internal static class ReportFont
{
    /// <summary>A family name no system has, so ScottPlot's system resolver passes it on to ours.</summary>
    public const string Name = "CloudFreq Report Sans";

    // Lazy and read-only: loaded once on first use, never replaced.
    private static readonly Lazy<SKTypeface> LoadedTypeface = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<bool> Registration = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The bundled typeface (shared; do not dispose).</summary>
    public static SKTypeface Typeface => LoadedTypeface.Value;

    /// <summary>Makes <see cref="Name"/> resolvable by ScottPlot; safe to call from any thread, any number of times.</summary>
    public static void EnsureRegisteredWithScottPlot() => _ = Registration.Value;

    private static SKTypeface Load()
    {
        var bytes = Convert.FromBase64String(DejaVuSansSubset.Base64);
        using var data = SKData.CreateCopy(bytes);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException("The bundled report font could not be loaded.");
    }

    private static bool Register()
    {
        // First in the list: a resolver for our name must win over any fallback.
        ScottPlot.Fonts.FontResolvers.Insert(0, new ReportFontResolver());
        return true;
    }
}
