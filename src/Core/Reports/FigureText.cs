using System.Globalization;
using System.Text;
using SkiaSharp;

namespace CloudFreq.Core.Reports;

/// <summary>Number and name formatting shared by the figure builders (invariant culture throughout).</summary>
internal static class FigureText
{
    /// <summary>A value exactly as stored (shortest round-trip form), "none" when undefined.</summary>
    public static string Exact(double? value) =>
        value is { } number && double.IsFinite(number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : ReportFigureTable.None;

    /// <summary>A derived value (a difference, an interpolation) to six significant digits, "none" when undefined.</summary>
    public static string Derived(double? value) =>
        value is { } number && double.IsFinite(number)
            ? number.ToString("G6", CultureInfo.InvariantCulture)
            : ReportFigureTable.None;

    /// <summary>A value for alt text and labels: three significant digits, "none" when undefined.</summary>
    public static string Short(double? value) =>
        value is { } number && double.IsFinite(number)
            ? number.ToString("G3", CultureInfo.InvariantCulture)
            : ReportFigureTable.None;

    /// <summary>A count in invariant digits.</summary>
    public static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Lower-case letters, digits and single dashes only, for figure ids.</summary>
    public static string Slug(params string[] parts)
    {
        var slug = new StringBuilder();
        foreach (var part in parts)
        {
            foreach (var character in part.ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(character))
                {
                    slug.Append(character);
                }
                else if (slug.Length > 0 && slug[^1] != '-')
                {
                    slug.Append('-');
                }
            }

            if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    /// <summary><paramref name="id"/>, or with a suffix -2, -3, ... when <paramref name="used"/> already holds it; the result is added to <paramref name="used"/>.</summary>
    public static string UniqueId(HashSet<string> used, string id)
    {
        var unique = id;
        for (var suffix = 2; !used.Add(unique); suffix++)
        {
            unique = id + "-" + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    /// <summary>Parses a number from a condition value; null when it is not one.</summary>
    public static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;

    /// <summary>A condition as a dictionary; null when it is malformed (such rows are left out of figures, not fatal).</summary>
    public static Dictionary<string, string>? ParseCondition(string condition)
    {
        try
        {
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in ResultCondition.Parse(condition))
            {
                pairs.TryAdd(key, value);
            }

            return pairs;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The label, cut with an ellipsis when it is longer than <paramref name="maxLength"/> pixels.</summary>
    public static string Fit(string label, SKFont font, float maxLength)
    {
        if (font.MeasureText(label) <= maxLength)
        {
            return label;
        }

        for (var length = label.Length - 1; length > 0; length--)
        {
            var cut = label[..length] + "\u2026";
            if (font.MeasureText(cut) <= maxLength)
            {
                return cut;
            }
        }

        return "\u2026";
    }
}
