using System.Globalization;
using System.Net;

namespace CloudFreq.Core.Reports;

/// <summary>Text and number formatting for report.html: every data string goes through <see cref="Text"/>.</summary>
internal static class HtmlFormat
{
    /// <summary>What an undefined value (null in report.json, empty in results.csv) reads as.</summary>
    public const string None = "<span class=\"none\">none</span>";

    /// <summary>What a value that was never measured reads as (no row at all, unlike an undefined value).</summary>
    public const string NotMeasured = "<span class=\"none\" title=\"not measured\">&#8212;</span>";

    /// <summary>HTML-encodes text from data (names, messages, paths) for element content and attribute values.</summary>
    public static string Text(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>Encoded text, or "none" for null or empty.</summary>
    public static string TextOrNone(string? text) => string.IsNullOrEmpty(text) ? None : Text(text);

    /// <summary>A fraction as a percentage with two decimals; "none" when undefined.</summary>
    public static string Percent(double? fraction) =>
        fraction is { } value && double.IsFinite(value)
            ? (value * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%"
            : None;

    /// <summary>A number with up to six significant digits; "none" when undefined.</summary>
    public static string Number(double? value) =>
        value is { } number && double.IsFinite(number)
            ? number.ToString("G6", CultureInfo.InvariantCulture)
            : None;

    /// <summary>A number with a fixed count of decimals; "none" when undefined.</summary>
    public static string Fixed(double? value, int decimals) =>
        value is { } number && double.IsFinite(number)
            ? number.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : None;

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A float list such as a card's mean, in shortest round-trip form.</summary>
    public static string Floats(IReadOnlyList<float>? values) =>
        values is null || values.Count == 0
            ? None
            : "[" + string.Join(", ", values.Select(value => value.ToString("R", CultureInfo.InvariantCulture))) + "]";

    /// <summary>A time in UTC, unambiguous for readers anywhere.</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A duration as h:mm:ss.</summary>
    public static string Duration(TimeSpan duration)
    {
        var sign = duration < TimeSpan.Zero ? "-" : string.Empty;
        duration = duration.Duration();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{sign}{(long)duration.TotalHours}:{duration.Minutes:00}:{duration.Seconds:00}");
    }

    /// <summary>
    /// Background of a confusion cell from its share of the true class: white to ColorBrewer's
    /// "Blues" mid tone (#6baed6). One hue, so it reads under every colour-vision deficiency, and
    /// light enough that dark text keeps a contrast above 7:1 on the darkest cell.
    /// </summary>
    public static string ShareBackground(double share)
    {
        share = double.IsFinite(share) ? Math.Clamp(share, 0, 1) : 0;
        var red = Mix(255, 107, share);
        var green = Mix(255, 174, share);
        var blue = Mix(255, 214, share);
        return string.Create(CultureInfo.InvariantCulture, $"background:rgb({red},{green},{blue})");

        static int Mix(int from, int to, double t) => (int)Math.Round(from + ((to - from) * t));
    }
}
